using MimeKit;
using PowerAutomation.Grains.Email;

namespace PowerAutomation.Silo.Email;

/// <summary>Turns an outbox entry into a MIME message: multipart/alternative, plain text first, then HTML.</summary>
public static class MailMessages
{
    public static MimeMessage Create(OutgoingMail mail, string from, DateTimeOffset date)
    {
        var message = new MimeMessage { Subject = mail.Subject, Date = date };
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse(mail.To));
        message.Headers.Add("X-PowerAutomation-Kind", mail.Kind);
        message.Body = new MultipartAlternative
        {
            new TextPart(MimeKit.Text.TextFormat.Plain) { Text = mail.Text },
            new TextPart(MimeKit.Text.TextFormat.Html) { Text = mail.Html },
        };
        return message;
    }
}
