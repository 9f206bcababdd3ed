namespace PowerAutomation.Grains.Email;

/// <summary>Stable names of the mails the system sends (the <c>kind</c> tag of the <c>pa.email.*</c> metrics).</summary>
public static class MailKinds
{
    public const string PasswordReset = "password_reset";
    public const string EmailVerification = "email_verification";
    public const string ApprovalRequest = "approval_request";
}
