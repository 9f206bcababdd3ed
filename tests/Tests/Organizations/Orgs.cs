using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PowerAutomation.Tests.Infrastructure;
using PowerAutomation.Tests.Projects;

namespace PowerAutomation.Tests.Organizations;

/// <summary>What the organization tests do over HTTP, as owners, admins and members would.</summary>
public static class Orgs
{
    public static async Task<Guid> CreateOrgAsync(this HttpClient http, string token, string name = "Acme")
    {
        var response = await http.SendAuthorizedAsync(HttpMethod.Post, "/api/v1/orgs", token, new { name });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("orgId").GetGuid();
    }

    /// <summary>A registered, signed-in user and their new organization.</summary>
    public static async Task<(string Token, Guid UserId, string Email, Guid OrgId)> OwnerWithOrgAsync(this HttpClient http, string name = "Acme")
    {
        var email = ApiClient.NewEmail("orgowner");
        var (userId, tokens) = await http.RegisterAndLoginAsync(email);
        return (tokens.AccessToken, userId, email, await http.CreateOrgAsync(tokens.AccessToken, name));
    }

    public static Task<HttpResponseMessage> InviteToOrgAsync(this HttpClient http, string token, Guid orgId, string email, string role) =>
        http.SendAuthorizedAsync(HttpMethod.Post, $"/api/v1/orgs/{orgId}/members", token, new { email, role });

    /// <summary>The caller's pending invitation to <paramref name="orgId"/> (asserts there is one).</summary>
    public static async Task<JsonElement> OrgInvitationAsync(this HttpClient http, string token, Guid orgId)
    {
        // Invitations are shown once the invitee's address is verified.
        await http.EnsureEmailVerifiedAsync(token);
        var invitations = await http.GetJsonAsync(token, "/api/v1/me/invitations");
        return invitations.EnumerateArray().Single(i => i.GetProperty("kind").GetString() == "org" && i.GetProperty("orgId").GetGuid() == orgId);
    }

    /// <summary>A new user who was invited with <paramref name="role"/> and accepted.</summary>
    public static async Task<(string Token, Guid UserId, string Email)> OrgMemberAsync(this HttpClient http, string inviterToken, Guid orgId, string role)
    {
        var email = ApiClient.NewEmail("org" + role);
        var (userId, tokens) = await http.RegisterAndLoginAsync(email);
        var invited = await http.InviteToOrgAsync(inviterToken, orgId, email, role);
        Assert.True(invited.StatusCode == HttpStatusCode.NoContent, await invited.Content.ReadAsStringAsync());
        var invitationId = (await http.OrgInvitationAsync(tokens.AccessToken, orgId)).GetProperty("invitationId").GetGuid();
        var accepted = await http.SendAuthorizedAsync(HttpMethod.Post, $"/api/v1/invitations/{invitationId}/accept", tokens.AccessToken);
        Assert.True(accepted.StatusCode == HttpStatusCode.NoContent, await accepted.Content.ReadAsStringAsync());
        return (tokens.AccessToken, userId, email);
    }

    /// <summary>An organization licence issued by an administrator; returns its id.</summary>
    public static async Task<string> IssueOrgLicenseAsync(this HttpClient http, string adminToken, Guid orgId, int seats,
        string edition = "team", object? limits = null)
    {
        var response = await http.SendAuthorizedAsync(HttpMethod.Post, "/api/v1/admin/licenses", adminToken, new
        {
            orgId, seats, edition, maxDevices = 10, features = new[] { "ai" }, limits, expiresAt = DateTimeOffset.UtcNow.AddDays(30),
        });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("licenseId").GetString()!;
    }

    public static Task<HttpResponseMessage> SeatAsync(this HttpClient http, HttpMethod method, string token, Guid orgId, string licenseId, Guid userId) =>
        http.SendAuthorizedAsync(method, $"/api/v1/orgs/{orgId}/licenses/{licenseId}/seats/{userId}", token);

    public static async Task<string> EditionAsync(this HttpClient http, string token) =>
        (await http.GetJsonAsync(token, "/api/v1/me")).GetProperty("edition").GetString()!;

    public static async Task<long> QuotaLimitAsync(this HttpClient http, string token, string kind) =>
        (await http.GetJsonAsync(token, "/api/v1/me/quota")).EnumerateArray()
            .Single(k => k.GetProperty("kind").GetString() == kind).GetProperty("limit").GetInt64();

    public static JsonElement License(this JsonElement org, string licenseId) =>
        org.GetProperty("licenses").EnumerateArray().Single(l => l.GetProperty("licenseId").GetString() == licenseId);
}
