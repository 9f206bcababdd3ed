using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MimeKit;
using PowerAutomation.Tests.Infrastructure;

namespace PowerAutomation.Tests.Accounts.Mail;

/// <summary>What the mail tests do as a user would: ask for a link, read it from the received mail, use it.</summary>
public static class MailJourney
{
    public const string NewPassword = "a brand new passphrase";

    public static Task<HttpResponseMessage> RequestResetAsync(this HttpClient http, string email) =>
        http.PostAsJsonAsync("/api/v1/auth/password-reset", new { email });

    public static Task<HttpResponseMessage> ConfirmResetAsync(this HttpClient http, string token, string newPassword = NewPassword) =>
        http.PostAsJsonAsync("/api/v1/auth/password-reset/confirm", new { token, newPassword });

    public static Task<HttpResponseMessage> ConfirmVerificationAsync(this HttpClient http, string token) =>
        http.PostAsJsonAsync("/api/v1/auth/verify-email/confirm", new { token });

    /// <summary>Asks for a reset and returns the token of the <paramref name="nth"/> reset mail (0-based) to the address.</summary>
    public static async Task<string> ResetTokenAsync(this HttpClient http, MailServer mail, string email, int nth = 0)
    {
        Assert.Equal(HttpStatusCode.Accepted, (await http.RequestResetAsync(email)).StatusCode);
        return MailServer.TokenIn(await mail.WaitForMailAsync(email, "password_reset", skip: nth));
    }

    public static Task<MimeMessage> VerificationMailAsync(this MailServer mail, string email, int nth = 0) =>
        mail.WaitForMailAsync(email, "email_verification", skip: nth);

    public static async Task<JsonElement> MeAsync(this HttpClient http, string token) =>
        await (await http.SendAuthorizedAsync(HttpMethod.Get, "/api/v1/me", token)).Content.ReadFromJsonAsync<JsonElement>();

    public static Task<HttpResponseMessage> RefreshAsync(this HttpClient http, string refreshToken) =>
        http.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken });

    public static Task<HttpResponseMessage> TryLoginAsync(this HttpClient http, string email, string password) =>
        http.PostAsJsonAsync("/api/v1/auth/login", new { email, password });
}
