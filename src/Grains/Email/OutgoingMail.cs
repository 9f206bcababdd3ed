namespace PowerAutomation.Grains.Email;

/// <summary>One message to send: a plain-text and an HTML body of the same content (multipart/alternative).</summary>
/// <param name="Kind">What it is for (<see cref="MailKinds"/>): logs and metrics say it, never the content.</param>
public sealed record OutgoingMail(string Kind, string To, string Subject, string Text, string Html);
