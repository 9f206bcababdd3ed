using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace PowerAutomation.Tests.Infrastructure;

/// <summary>What a test does over HTTP as a user would: register, sign in, call with a token, read problems.</summary>
public static class ApiClient
{
    public static string NewEmail(string prefix = "user") => $"{prefix}-{Guid.NewGuid():N}@example.com";

    public const string Password = "correct horse battery";

    public static async Task<Guid> RegisterAsync(this HttpClient http, string email, string password = Password, string? displayName = null)
    {
        var response = await http.PostAsJsonAsync("/api/v1/auth/register", new { email, password, displayName });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("userId").GetGuid();
    }

    public static async Task<TokenPair> LoginAsync(this HttpClient http, string email, string password = Password, string? totpCode = null)
    {
        var response = await http.PostAsJsonAsync("/api/v1/auth/login", new { email, password, totpCode });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<TokenPair>())!;
    }

    public static async Task<(Guid UserId, TokenPair Tokens)> RegisterAndLoginAsync(this HttpClient http, string? email = null)
    {
        email ??= NewEmail();
        var userId = await http.RegisterAsync(email);
        return (userId, await http.LoginAsync(email));
    }

    /// <summary>An administrator's access token, made through the embedded client as an operator would.</summary>
    public static async Task<string> AdminTokenAsync(this ClusterFixture cluster)
    {
        var email = NewEmail("admin");
        await PowerAutomation.Client.Admin.BootstrapAdmin.RunAsync(cluster.Cluster, email, Password);
        return (await cluster.CreateClient().LoginAsync(email)).AccessToken;
    }

    /// <summary>Issues a licence through the admin API and returns (licenseId, licenseKey).</summary>
    public static async Task<(string LicenseId, string LicenseKey)> IssueLicenseAsync(
        this HttpClient http, string adminToken, string email, int maxDevices = 2, string edition = "professional",
        object? limits = null, DateTimeOffset? expiresAt = null)
    {
        var response = await http.SendAuthorizedAsync(HttpMethod.Post, "/api/v1/admin/licenses", adminToken, new
        {
            email, edition, maxDevices, features = new[] { "ai", "sync" }, limits,
            expiresAt = expiresAt ?? DateTimeOffset.UtcNow.AddDays(30),
        });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("licenseId").GetString()!, body.GetProperty("licenseKey").GetString()!);
    }

    /// <summary>
    /// Makes a member as the API now requires: the owner invites the address, the invitee accepts. Returns the
    /// invitation id.
    /// </summary>
    public static async Task<Guid> InviteAndAcceptAsync(
        this HttpClient http, string ownerToken, Guid projectId, string email, string role, string inviteeToken)
    {
        var invited = await http.SendAuthorizedAsync(HttpMethod.Post, $"/api/v1/projects/{projectId}/members", ownerToken, new { email, role });
        Assert.True(invited.StatusCode == HttpStatusCode.NoContent, await invited.Content.ReadAsStringAsync());
        var invitationId = await http.InvitationIdAsync(inviteeToken, projectId);
        var accepted = await http.SendAuthorizedAsync(HttpMethod.Post, $"/api/v1/invitations/{invitationId}/accept", inviteeToken);
        Assert.True(accepted.StatusCode == HttpStatusCode.NoContent, await accepted.Content.ReadAsStringAsync());
        return invitationId;
    }

    /// <summary>
    /// The id of the caller's pending invitation to <paramref name="projectId"/> (asserts there is one). Invitations
    /// are shown to verified addresses only, so the caller's is verified first (by the mailed link) when it is not.
    /// </summary>
    public static async Task<Guid> InvitationIdAsync(this HttpClient http, string token, Guid projectId)
    {
        await http.EnsureEmailVerifiedAsync(token);
        var invitations = await (await http.SendAuthorizedAsync(HttpMethod.Get, "/api/v1/me/invitations", token)).Content.ReadFromJsonAsync<JsonElement>();
        return invitations.EnumerateArray().Single(i => i.GetProperty("projectId").GetGuid() == projectId).GetProperty("invitationId").GetGuid();
    }

    /// <summary>
    /// Verifies <paramref name="email"/> as its owner would: reads the latest verification mail the shared test SMTP
    /// server received for it and confirms the token from its link.
    /// </summary>
    public static async Task VerifyEmailAsync(this HttpClient http, string email)
    {
        var mail = await (await MailServer.Shared).WaitForMailAsync(email, "email_verification");
        var latest = (await MailServer.Shared).MessagesTo(email).Last(m => MailServer.KindOf(m) == "email_verification");
        var response = await http.PostAsJsonAsync("/api/v1/auth/verify-email/confirm", new { token = MailServer.TokenIn(latest ?? mail) });
        Assert.True(response.StatusCode == HttpStatusCode.NoContent, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Verifies the signed-in user's address unless it already is.</summary>
    public static async Task EnsureEmailVerifiedAsync(this HttpClient http, string token)
    {
        var me = await (await http.SendAuthorizedAsync(HttpMethod.Get, "/api/v1/me", token)).Content.ReadFromJsonAsync<JsonElement>();
        if (!me.GetProperty("emailVerified").GetBoolean())
        {
            await http.VerifyEmailAsync(me.GetProperty("email").GetString()!);
        }
    }

    public static Task<HttpResponseMessage> ActivateAsync(this HttpClient http, string licenseKey, string deviceId) =>
        http.PostAsJsonAsync("/api/v1/licenses/activate", new { licenseKey, deviceId, deviceName = "Test device" });

    public static HttpRequestMessage Authorized(HttpMethod method, string path, string token, object? body = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return request;
    }

    public static Task<HttpResponseMessage> SendAuthorizedAsync(this HttpClient http, HttpMethod method, string path, string token, object? body = null) =>
        http.SendAsync(Authorized(method, path, token, body));

    /// <summary>Asserts a problem+json answer with the given status and code, and returns the body.</summary>
    public static async Task<JsonElement> AssertProblemAsync(this HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonDocument.Parse(text).RootElement;
        Assert.Equal(code, body.GetProperty("code").GetString());
        Assert.Equal((int)status, body.GetProperty("status").GetInt32());
        return body;
    }

    public static HttpContent RawJson(string json) => new StringContent(json, System.Text.Encoding.UTF8, "application/json");
}

public sealed record TokenPair(string AccessToken, string RefreshToken, string TokenType, int ExpiresIn);
