using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PowerAutomation.Grains.Abstractions.Identity;
using PowerAutomation.Tests.Infrastructure;

namespace PowerAutomation.Tests.Accounts.Device;

/// <summary>The device side and the browser side of a device sign-in, as HTTP calls.</summary>
public static class DeviceFlow
{
    public const string GrantType = "urn:ietf:params:oauth:grant-type:device_code";

    public sealed record Started(string DeviceCode, string UserCode, JsonElement Body);

    public static async Task<Started> StartAsync(this HttpClient http, string clientId = "pa-cli")
    {
        var response = await http.PostAsync("/api/v1/auth/device",
            new FormUrlEncodedContent([new("client_id", clientId), new("scope", "ignored")]));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        var body = JsonDocument.Parse(text).RootElement;
        return new Started(body.GetProperty("device_code").GetString()!, body.GetProperty("user_code").GetString()!, body);
    }

    public static Task<HttpResponseMessage> PollAsync(this HttpClient http, string deviceCode, string grantType = GrantType) =>
        http.PostAsync("/api/v1/auth/device/token",
            new FormUrlEncodedContent([new("grant_type", grantType), new("device_code", deviceCode)]));

    /// <summary>Asserts an RFC 8628 token error: 400 problem+json whose <c>code</c> and <c>error</c> are both the RFC value.</summary>
    public static async Task<JsonElement> AssertTokenErrorAsync(this HttpResponseMessage response, string error)
    {
        var body = await response.AssertProblemAsync(HttpStatusCode.BadRequest, error);
        Assert.Equal(error, body.GetProperty("error").GetString());
        return body;
    }

    public static Task<HttpResponseMessage> ApproveAsync(this HttpClient http, string token, string userCode) =>
        http.SendAuthorizedAsync(HttpMethod.Post, "/api/v1/auth/device/approve", token, new { userCode });

    public static Task<HttpResponseMessage> DenyAsync(this HttpClient http, string token, string userCode) =>
        http.SendAuthorizedAsync(HttpMethod.Post, "/api/v1/auth/device/deny", token, new { userCode });

    /// <summary>Disables the user the way an administrator does (POST /api/v1/admin/users/{id}/disable).</summary>
    public static async Task DisableAsync(ClusterFixture cluster, Guid userId)
    {
        var admin = await cluster.AdminTokenAsync();
        var response = await cluster.CreateClient().SendAuthorizedAsync(HttpMethod.Post, $"/api/v1/admin/users/{userId}/disable", admin);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }
}
