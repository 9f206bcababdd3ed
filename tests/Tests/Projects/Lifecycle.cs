using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;
using PowerAutomation.Tests.Infrastructure;

namespace PowerAutomation.Tests.Projects;

/// <summary>What the lifecycle tests do over HTTP and the live socket, as a user (or a second user) would.</summary>
public static class Lifecycle
{
    public static async Task<Guid> CreateProjectAsync(this HttpClient http, string token, string name = "lifecycle")
    {
        var response = await http.SendAuthorizedAsync(HttpMethod.Post, "/api/v1/projects", token, new { name });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("projectId").GetGuid();
    }

    public static async Task<Guid> CreateDocumentAsync(this HttpClient http, string token, Guid projectId, string path, string content = "")
    {
        var response = await http.SendAuthorizedAsync(HttpMethod.Post, $"/api/v1/projects/{projectId}/documents", token, new { path, content });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("documentId").GetGuid();
    }

    /// <summary>A registered, signed-in user and their new project.</summary>
    public static async Task<(string Token, Guid UserId, string Email, Guid ProjectId)> OwnerWithProjectAsync(this HttpClient http, string name = "lifecycle")
    {
        var email = ApiClient.NewEmail("owner");
        var (userId, tokens) = await http.RegisterAndLoginAsync(email);
        return (tokens.AccessToken, userId, email, await http.CreateProjectAsync(tokens.AccessToken, name));
    }

    /// <summary>A new user who has accepted <paramref name="role"/> in the project.</summary>
    public static async Task<(string Token, Guid UserId, string Email)> MemberAsync(this HttpClient http, string ownerToken, Guid projectId, string role)
    {
        var email = ApiClient.NewEmail(role);
        var (userId, tokens) = await http.RegisterAndLoginAsync(email);
        await http.InviteAndAcceptAsync(ownerToken, projectId, email, role, tokens.AccessToken);
        return (tokens.AccessToken, userId, email);
    }

    public static Task<HttpResponseMessage> RenameDocumentAsync(this HttpClient http, string token, Guid documentId, string path) =>
        http.SendAuthorizedAsync(HttpMethod.Patch, $"/api/v1/documents/{documentId}", token, new { path });

    public static Task<HttpResponseMessage> DeleteAsync(this HttpClient http, string token, string path) =>
        http.SendAuthorizedAsync(HttpMethod.Delete, path, token);

    public static async Task<JsonElement> GetJsonAsync(this HttpClient http, string token, string path)
    {
        var response = await http.SendAuthorizedAsync(HttpMethod.Get, path, token);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    /// <summary>The paths of the project's documents, as its list shows them.</summary>
    public static async Task<List<string>> PathsAsync(this HttpClient http, string token, Guid projectId) =>
        (await http.GetJsonAsync(token, $"/api/v1/projects/{projectId}/documents")).EnumerateArray().Select(d => d.GetProperty("path").GetString()!).ToList();

    /// <summary>The ids of the projects in the user's list.</summary>
    public static async Task<List<Guid>> ProjectIdsAsync(this HttpClient http, string token) =>
        (await http.GetJsonAsync(token, "/api/v1/projects")).EnumerateArray().Select(p => p.GetProperty("projectId").GetGuid()).ToList();

    /// <summary>Waits until the live client was sent an error with <paramref name="code"/> and then closed with <paramref name="status"/>.</summary>
    public static async Task AssertEndedAsync(this LiveClient client, string code, int status)
    {
        await client.WaitForAsync(c => c.CloseStatus is not null, $"the session to be closed after '{code}'");
        Assert.Equal((WebSocketCloseStatus)status, client.CloseStatus);
        var error = Assert.Single(client.Errors);
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
    }

    /// <summary>The close status of a live connection the gateway accepts and then refuses (someone not a member).</summary>
    public static async Task<WebSocketCloseStatus?> LiveClosedAsync(Uri gateway, Guid documentId, string token)
    {
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(LiveClient.Address(gateway, documentId, token, Guid.NewGuid().ToString("N")), CancellationToken.None);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var buffer = new byte[1 << 16];
        while ((await socket.ReceiveAsync(buffer, timeout.Token)).MessageType != WebSocketMessageType.Close)
        {
            // Only the close matters here.
        }

        return socket.CloseStatus;
    }

    /// <summary>The HTTP status a live connection attempt is refused with (the upgrade is not accepted).</summary>
    public static async Task<HttpStatusCode> LiveRefusalAsync(Uri gateway, Guid documentId, string token)
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        var refused = await Assert.ThrowsAsync<WebSocketException>(() =>
            socket.ConnectAsync(LiveClient.Address(gateway, documentId, token, Guid.NewGuid().ToString("N")), CancellationToken.None));
        Assert.NotNull(refused);
        return socket.HttpStatusCode;
    }
}
