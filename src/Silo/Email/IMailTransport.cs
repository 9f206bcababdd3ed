using MimeKit;

namespace PowerAutomation.Silo.Email;

/// <summary>Delivers one message; throws when it could not (the dispatcher retries).</summary>
public interface IMailTransport
{
    Task SendAsync(MimeMessage message, CancellationToken cancellationToken);
}
