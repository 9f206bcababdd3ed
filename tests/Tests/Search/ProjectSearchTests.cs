using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PowerAutomation.Tests.Infrastructure;
using PowerAutomation.Tests.ModelWorkers;

namespace PowerAutomation.Tests.Search;

[Collection(ModelWorkerCollection.Name)]
public sealed class ProjectSearchTests(ModelWorkerClusterFixture cluster)
{
    private readonly HttpClient _http = cluster.CreateClient();

    [Fact]
    public async Task Search_RanksTheRelevantDocumentFirst_AndFollowsEdits()
    {
        var (owner, projectId) = await OwnerWithProject();
        var pasta = await CreateDocument(owner, projectId, "recipes/pasta.md",
            "# Weeknight pasta\nBring a large pot of salted water to the boil.\nCook the spaghetti for nine minutes, drain, and toss with garlic and olive oil.\n");
        var network = await CreateDocument(owner, projectId, "src/Net/RetryingSocket.cs",
            "// Opens a TCP connection to the server.\n// On failure it retries with exponential backoff and jitter.\npublic sealed class RetryingSocket { }\n");
        var garden = await CreateDocument(owner, projectId, "notes/garden.md",
            "Prune the roses in early spring.\nWater the tomatoes deeply once a week and mulch the beds.\n");

        var hits = await SearchUntilAsync(owner, projectId, "how long should I cook noodles", h => h.Count == 3);
        Assert.Equal(pasta, hits[0].GetProperty("documentId").GetGuid());
        Assert.Equal("recipes/pasta.md", hits[0].GetProperty("path").GetString());
        Assert.Contains("spaghetti", hits[0].GetProperty("snippet").GetString());
        var scores = hits.Select(h => h.GetProperty("score").GetDouble()).ToList();
        Assert.Equal(scores.OrderByDescending(s => s), scores);

        var retry = await Search(owner, projectId, "reconnect after the network drops", limit: 1);
        Assert.Equal(network, Assert.Single(retry).GetProperty("documentId").GetGuid());

        // The garden note is rewritten to be about databases; once it is re-embedded, search follows.
        var content = await (await _http.SendAuthorizedAsync(HttpMethod.Get, $"/api/v1/documents/{garden}", owner)).Content.ReadFromJsonAsync<JsonElement>();
        var length = content.GetProperty("content").GetString()!.Length;
        var edit = new { revision = 0, operation = new object[] { -length, "PostgreSQL vacuum settings: autovacuum_naptime and cost limits for large tables.\n" } };
        var edited = await _http.SendAuthorizedAsync(HttpMethod.Post, $"/api/v1/documents/{garden}/operations", owner, edit);
        Assert.True(edited.IsSuccessStatusCode, await edited.Content.ReadAsStringAsync());
        var database = await SearchUntilAsync(owner, projectId, "tuning database maintenance",
            h => h[0].GetProperty("snippet").GetString()!.Contains("autovacuum", StringComparison.Ordinal));
        Assert.Equal(garden, database[0].GetProperty("documentId").GetGuid());
    }

    [Fact]
    public async Task Search_ForgetsDeletedDocuments_AndShowsMovedOnesUnderTheirNewPath()
    {
        var (owner, projectId) = await OwnerWithProject();
        var secret = await CreateDocument(owner, projectId, "ops/credentials.md", "The database password is rotated every Monday by the on-call engineer.\n");
        var moved = await CreateDocument(owner, projectId, "drafts/bread.md", "Knead the dough for ten minutes, then let it rise until doubled.\n");
        await SearchUntilAsync(owner, projectId, "rotating database passwords", h => h.Count == 2);

        Assert.Equal(HttpStatusCode.NoContent, (await _http.SendAuthorizedAsync(HttpMethod.Delete, $"/api/v1/documents/{secret}", owner)).StatusCode);
        var renamed = await _http.SendAuthorizedAsync(HttpMethod.Patch, $"/api/v1/documents/{moved}", owner, new { path = "recipes/bread.md" });
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);

        // At once: the deleted document is not found, the moved one shows its new path.
        var hits = await Search(owner, projectId, "rotating database passwords", limit: 10);
        var hit = Assert.Single(hits);
        Assert.Equal((moved, "recipes/bread.md"), (hit.GetProperty("documentId").GetGuid(), hit.GetProperty("path").GetString()));

        // And the deleted document's text leaves the stored index too.
        await Processes.WaitUntilAsync(async () =>
        {
            await using var connection = new Npgsql.NpgsqlConnection(cluster.PostgresConnectionString);
            await connection.OpenAsync();
            await using var count = new Npgsql.NpgsqlCommand("SELECT count(*) FROM search_chunks WHERE document_id = @id", connection);
            count.Parameters.AddWithValue("id", secret);
            return (long)(await count.ExecuteScalarAsync())! == 0;
        }, TimeSpan.FromSeconds(30), "the deleted document's chunks to leave search_chunks");
    }

    [Fact]
    public async Task Search_IsForMembersOnly_AndRejectsBadQueries()
    {
        var (owner, projectId) = await OwnerWithProject();
        await CreateDocument(owner, projectId, "a.md", "Something to find.");
        var (_, stranger) = await _http.RegisterAndLoginAsync();

        await (await Get(stranger.AccessToken, $"/api/v1/projects/{projectId}/search?q=find")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await Get(owner, $"/api/v1/projects/{Guid.NewGuid()}/search?q=find")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await Get(owner, $"/api/v1/projects/{projectId}/search")).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await (await Get(owner, $"/api/v1/projects/{projectId}/search?q=%20%20")).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await (await Get(owner, $"/api/v1/projects/{projectId}/search?q={new string('x', 1001)}")).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        foreach (var limit in new[] { "0", "51", "abc", "-1", "2.5" })
        {
            await (await Get(owner, $"/api/v1/projects/{projectId}/search?q=find&limit={limit}")).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        }

        var unauthenticated = await _http.GetAsync($"/api/v1/projects/{projectId}/search?q=find");
        Assert.Equal(HttpStatusCode.Unauthorized, unauthenticated.StatusCode);
    }

    private async Task<List<JsonElement>> SearchUntilAsync(string token, Guid projectId, string query, Func<List<JsonElement>, bool> done)
    {
        List<JsonElement> hits = [];
        await Processes.WaitUntilAsync(async () =>
        {
            hits = await Search(token, projectId, query, limit: 10);
            return hits.Count > 0 && done(hits);
        }, TimeSpan.FromSeconds(30), $"search for '{query}' to settle");
        return hits;
    }

    private async Task<List<JsonElement>> Search(string token, Guid projectId, string query, int limit)
    {
        var response = await Get(token, $"/api/v1/projects/{projectId}/search?q={Uri.EscapeDataString(query)}&limit={limit}");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        return body.EnumerateArray().ToList();
    }

    private Task<HttpResponseMessage> Get(string token, string path) => _http.SendAuthorizedAsync(HttpMethod.Get, path, token);

    private async Task<(string Token, Guid ProjectId)> OwnerWithProject()
    {
        var email = ApiClient.NewEmail("search");
        await _http.RegisterAsync(email);
        await _http.IssueLicenseAsync(await cluster.AdminTokenAsync(), email, limits: new { requestsPerMinute = 100_000 });
        var token = (await _http.LoginAsync(email)).AccessToken;
        var created = await (await _http.SendAuthorizedAsync(HttpMethod.Post, "/api/v1/projects", token, new { name = "search" })).Content.ReadFromJsonAsync<JsonElement>();
        return (token, created.GetProperty("projectId").GetGuid());
    }

    private async Task<Guid> CreateDocument(string token, Guid projectId, string path, string content)
    {
        var response = await _http.SendAuthorizedAsync(HttpMethod.Post, $"/api/v1/projects/{projectId}/documents", token, new { path, content });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        return body.GetProperty("documentId").GetGuid();
    }
}
