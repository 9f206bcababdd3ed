using System.Net;

namespace PowerAutomation.Grains.Email;

/// <summary>
/// The account mails, in plain text and HTML. Only the recipient's own address and our links go in; every
/// value is HTML-encoded in the HTML part.
/// </summary>
public static class AccountMailTemplates
{
    public static OutgoingMail PasswordReset(string to, string link, TimeSpan validFor) => Compose(
        MailKinds.PasswordReset, to, "Reset your PowerAutomation password",
        "Someone (hopefully you) asked to reset the password of the PowerAutomation account for this address.",
        "Choose a new password", link,
        $"The link works once and for {Minutes(validFor)}; setting a new password signs out every session. "
        + "If you did not ask for this, ignore this mail: your password stays as it is.");

    public static OutgoingMail EmailVerification(string to, string link, TimeSpan validFor) => Compose(
        MailKinds.EmailVerification, to, "Confirm your e-mail address for PowerAutomation",
        "Please confirm that this address belongs to your PowerAutomation account.",
        "Confirm my address", link,
        $"The link works once and for {Hours(validFor)}. Licences and invitations sent to this address reach your "
        + "account once it is confirmed. If you did not create an account, ignore this mail.");

    private static OutgoingMail Compose(string kind, string to, string subject, string intro, string action, string link, string outro)
    {
        var text = $"{intro}\r\n\r\n{action}: {link}\r\n\r\n{outro}\r\n";
        var html = $"""
            <!DOCTYPE html>
            <html><body style="font-family: sans-serif; line-height: 1.5">
            <p>{Encode(intro)}</p>
            <p><a href="{Encode(link)}">{Encode(action)}</a></p>
            <p style="color: #555">{Encode(outro)}</p>
            </body></html>
            """;
        return new OutgoingMail(kind, to, subject, text, html);
    }

    private static string Encode(string value) => WebUtility.HtmlEncode(value);

    private static string Minutes(TimeSpan span) => $"{Math.Round(span.TotalMinutes)} minutes";

    private static string Hours(TimeSpan span) => span.TotalHours >= 1 ? $"{Math.Round(span.TotalHours)} hours" : Minutes(span);
}
