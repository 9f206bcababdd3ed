using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PowerAutomation.Tests.Infrastructure;

namespace PowerAutomation.Tests.Identity;

/// <summary>Creating API keys over HTTP, for the key tests.</summary>
public static class ApiKeyRequests
{
    public sealed record CreatedKey(string KeyId, string ApiKey, JsonElement Body);

    /// <summary>Creates a key with <paramref name="body"/> (name, scopes, limits …) and asserts 201.</summary>
    public static async Task<CreatedKey> CreateApiKeyAsync(this HttpClient http, string token, object body)
    {
        var response = await http.SendAuthorizedAsync(HttpMethod.Post, "/api/v1/me/api-keys", token, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"Creating a key answered {(int)response.StatusCode}: {text}");
        var created = JsonDocument.Parse(text).RootElement;
        return new CreatedKey(created.GetProperty("keyId").GetString()!, created.GetProperty("apiKey").GetString()!, created);
    }

    /// <summary>A key with the given scopes.</summary>
    public static Task<CreatedKey> CreateScopedKeyAsync(this HttpClient http, string token, params string[] scopes) =>
        http.CreateApiKeyAsync(token, new { name = "scoped " + string.Join(" ", scopes), scopes });

    public static async Task<JsonElement> ListApiKeysAsync(this HttpClient http, string token)
    {
        var response = await http.SendAuthorizedAsync(HttpMethod.Get, "/api/v1/me/api-keys", token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>A 403 <c>insufficient_scope</c> problem.</summary>
    public static Task<JsonElement> AssertInsufficientScopeAsync(this HttpResponseMessage response) =>
        response.AssertProblemAsync(HttpStatusCode.Forbidden, "insufficient_scope");
}
