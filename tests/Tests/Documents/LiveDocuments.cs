using System.Net.Http.Json;
using System.Text.Json;
using PowerAutomation.Tests.Infrastructure;

namespace PowerAutomation.Tests.Documents;

/// <summary>Set-up and read-back shared by the live editing tests.</summary>
public static class LiveDocuments
{
    /// <summary>A new owner with a licence generous enough for load, a project, and one document in it.</summary>
    public static async Task<(string Token, Guid DocumentId, Guid ProjectId)> CreateDocumentAsync(this ClusterFixture cluster, HttpClient http, string content)
    {
        var email = ApiClient.NewEmail("live");
        var (_, owner) = await http.RegisterAndLoginAsync(email);
        await http.IssueLicenseAsync(await cluster.AdminTokenAsync(), email, limits: new { requestsPerMinute = 100_000 });
        var project = await (await http.SendAuthorizedAsync(HttpMethod.Post, "/api/v1/projects", owner.AccessToken, new { name = "live" }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var projectId = project.GetProperty("projectId").GetGuid();
        var document = await (await http.SendAuthorizedAsync(HttpMethod.Post, $"/api/v1/projects/{projectId}/documents", owner.AccessToken, new { path = "doc.txt", content }))
            .Content.ReadFromJsonAsync<JsonElement>();
        return (owner.AccessToken, document.GetProperty("documentId").GetGuid(), projectId);
    }

    public static async Task<(string Content, int Revision)> ReadDocumentAsync(this HttpClient http, string token, Guid documentId)
    {
        var body = await (await http.SendAuthorizedAsync(HttpMethod.Get, $"/api/v1/documents/{documentId}", token)).Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("content").GetString()!, body.GetProperty("revision").GetInt32());
    }

    /// <summary>Waits until every client has nothing unacknowledged and stands at the server's revision.</summary>
    public static async Task<(string Content, int Revision)> SettledAsync(this HttpClient http, string token, Guid documentId, params LiveClient[] clients)
    {
        (string Content, int Revision) server = default;
        await Processes.WaitUntilAsync(async () =>
        {
            server = await http.ReadDocumentAsync(token, documentId);
            return clients.All(c => c.Synchronized && c.Revision == server.Revision);
        }, TimeSpan.FromSeconds(30), "every client to be acknowledged and at the server's revision");
        return server;
    }
}
