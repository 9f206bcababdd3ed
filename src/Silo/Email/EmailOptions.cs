using System.ComponentModel.DataAnnotations;

namespace PowerAutomation.Silo.Email;

/// <summary>
/// How mail leaves the system (section <c>Email</c>): SMTP when <c>Email:Smtp:Host</c> is set, else <c>.eml</c> files
/// in <see cref="MailDirectory"/> (default <c>PA_HOME/mail</c>).
/// </summary>
public sealed class EmailOptions
{
    public const string Section = "Email";

    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>Where messages are written when no SMTP host is configured; defaults to <c>PA_HOME/mail</c>.</summary>
    public string? MailDirectory { get; set; }

    /// <summary>Sending attempts per message before it is given up (kept in the outbox, marked failed).</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 12;

    /// <summary>Wait after the first failed attempt; it doubles with each further failure up to <see cref="MaxRetryDelay"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How often the outbox is looked at without a signal (mail queued on another silo, retries due).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Longest one delivery may take; a claimed message comes back to the queue after it (at-least-once).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public bool UsesSmtp => !string.IsNullOrWhiteSpace(Smtp.Host);
}

public sealed class SmtpOptions
{
    public string? Host { get; set; }

    [Range(1, 65535)]
    public int Port { get; set; } = 587;

    /// <summary>The sender, <c>Name &lt;address&gt;</c> or a bare address.</summary>
    public string From { get; set; } = "PowerAutomation <no-reply@powerautomation.local>";

    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>Upgrade the connection with STARTTLS (required when true); port 465 always uses TLS from the start.</summary>
    public bool StartTls { get; set; } = true;
}
