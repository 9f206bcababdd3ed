using Microsoft.Extensions.Options;
using MimeKit;

namespace PowerAutomation.Silo.Email;

/// <summary>What data annotations cannot say: a parseable sender, a username with its password.</summary>
public sealed class EmailOptionsValidation : IValidateOptions<EmailOptions>
{
    public ValidateOptionsResult Validate(string? name, EmailOptions options)
    {
        var failures = new List<string>();
        if (!MailboxAddress.TryParse(options.Smtp.From, out _))
        {
            failures.Add($"Email:Smtp:From '{options.Smtp.From}' is not a mail address.");
        }

        if (options.Smtp.Port is < 1 or > 65535)
        {
            failures.Add("Email:Smtp:Port must be from 1 to 65535.");
        }

        if (!string.IsNullOrEmpty(options.Smtp.Username) && string.IsNullOrEmpty(options.Smtp.Password))
        {
            failures.Add("Email:Smtp:Password is required with Email:Smtp:Username.");
        }

        if (options.MaxRetryDelay < options.RetryDelay)
        {
            failures.Add("Email:MaxRetryDelay must not be shorter than Email:RetryDelay.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
