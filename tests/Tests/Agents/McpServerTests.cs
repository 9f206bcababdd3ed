using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PowerAutomation.Grains.Abstractions.Documents;
using PowerAutomation.Tests.Infrastructure;

namespace PowerAutomation.Tests.Agents;

/// <summary>The gateway's MCP server through the official C# client: tools as the signed-in user, over real PostgreSQL and Redis.</summary>
[Collection(ClusterCollection.Name)]
public sealed class McpServerTests(ClusterFixture cluster)
{
    private readonly HttpClient _http = cluster.CreateClient();

    [Fact]
    public async Task Mcp_WithoutCredentials_Is401()
    {
        var response = await _http.PostAsync("/mcp", ApiClient.RawJson("""{"jsonrpc":"2.0","id":1,"method":"tools/list"}"""));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Tools_AreListedWithSchemas_AndReadAndEditWorkAsTheUser()
    {
        var (owner, projectId) = await OwnerWithProjectAsync();
        var documentId = await CreateDocumentAsync(owner, projectId, "notes.txt", "hello world");
        await using var mcp = await McpSession.ConnectAsync(cluster.GatewayAddress, owner);

        var tools = await mcp.ListToolsAsync();
        var groups = new Dictionary<string, string>
        {
            ["list_projects"] = "codeflow", ["list_documents"] = "codeflow", ["read_document"] = "codeflow", ["edit_document"] = "codeflow",
            ["search_documents"] = "codeflow", ["start_workflow"] = "test", ["get_run"] = "operations", ["signal_run"] = "operations", ["chat"] = "ai",
        };
        foreach (var (name, group) in groups)
        {
            var tool = Assert.Single(tools, t => t.Name == name);
            Assert.Equal("object", tool.ProtocolTool.InputSchema.GetProperty("type").GetString());
            Assert.Equal(group, tool.ProtocolTool.Meta?["powerautomation/group"]?.GetValue<string>());
        }

        var (_, projects) = await mcp.CallAsync("list_projects", new { });
        Assert.Contains(projects.EnumerateArray(), p => p.GetProperty("projectId").GetGuid() == projectId);
        var (_, documents) = await mcp.CallAsync("list_documents", new { projectId });
        Assert.Equal(documentId, Assert.Single(documents.EnumerateArray()).GetProperty("documentId").GetGuid());

        var (readError, read) = await mcp.CallAsync("read_document", new { documentId });
        Assert.False(readError, read.ToString());
        Assert.Equal(("hello world", 0), (read.GetProperty("content").GetString(), read.GetProperty("revision").GetInt32()));

        var (editError, edited) = await mcp.CallAsync("edit_document", new { documentId, revision = 0, edits = new[] { new { from = 0, to = 5, text = "HELLO" } } });
        Assert.False(editError, edited.ToString());
        Assert.Equal(1, edited.GetProperty("revision").GetInt32());
        Assert.Equal("HELLO world", (await ContentAsync(owner, documentId)).Content);

        var history = await GetJsonAsync(owner, $"/api/v1/documents/{documentId}/operations");
        var item = Assert.Single(history.EnumerateArray());
        Assert.Equal(AuthorKinds.Ai, item.GetProperty("authorKind").GetString());
        Assert.Equal(McpSession.ClientName, item.GetProperty("agent").GetString());

        // Past revision reads answer that revision.
        var (_, old) = await mcp.CallAsync("read_document", new { documentId, revision = 0 });
        Assert.Equal("hello world", old.GetProperty("content").GetString());
    }

    [Fact]
    public async Task EditDocument_WhileALiveClientTypes_BothConverge()
    {
        var (owner, projectId) = await OwnerWithProjectAsync();
        var documentId = await CreateDocumentAsync(owner, projectId, "shared.txt", "0123456789");
        await using var live = await LiveClient.ConnectAsync(cluster.GatewayAddress, documentId, owner);
        await using var mcp = await McpSession.ConnectAsync(cluster.GatewayAddress, owner);

        // The live client types at the front while the agent edits the end of revision 0.
        for (var i = 0; i < 5; i++)
        {
            await live.EditAsync(text => TextOperation.Splice(text.Length, 0, 0, "x"));
        }

        var (isError, edited) = await mcp.CallAsync("edit_document", new { documentId, revision = 0, edits = new[] { new { from = 8, to = 10, text = "AB" } } });
        Assert.False(isError, edited.ToString());
        await live.EditAsync(text => TextOperation.Splice(text.Length, text.Length, 0, "!"));

        var expected = "xxxxx01234567AB!";
        await live.WaitForAsync(c => c.Synchronized && c.Document == expected, $"the live client to hold '{expected}'");
        Assert.Equal(expected, (await ContentAsync(owner, documentId)).Content);
    }

    [Fact]
    public async Task EditDocument_Refusals_AreToolErrorsWithTheApiCode_AndLeaveTheDocumentAlone()
    {
        var (owner, projectId) = await OwnerWithProjectAsync();
        var documentId = await CreateDocumentAsync(owner, projectId, "guarded.txt", "a😀b");
        var viewerEmail = ApiClient.NewEmail("viewer");
        var (_, viewer) = await _http.RegisterAndLoginAsync(viewerEmail);
        await _http.InviteAndAcceptAsync(owner, projectId, viewerEmail, "viewer", viewer.AccessToken);
        await using var asViewer = await McpSession.ConnectAsync(cluster.GatewayAddress, viewer.AccessToken);
        await using var mcp = await McpSession.ConnectAsync(cluster.GatewayAddress, owner);

        var (viewerError, forbidden) = await asViewer.CallAsync("edit_document", new { documentId, revision = 0, edits = new[] { new { from = 0, to = 0, text = "x" } } });
        Assert.True(viewerError);
        Assert.Equal("forbidden", forbidden.GetProperty("code").GetString());

        await AssertRefusedAsync(mcp, new { documentId, revision = 0, edits = new[] { new { from = 0, to = 99, text = "x" } } }, "validation_failed", "edits[0].to");
        await AssertRefusedAsync(mcp, new { documentId, revision = 0, edits = new[] { new { from = 2, to = 2, text = "x" } } }, "validation_failed", "edits[0].from");
        await AssertRefusedAsync(mcp, new { documentId, revision = 0, edits = new[] { new { from = "0", to = 1, text = "x" } } }, "validation_failed", "edits[0].from");
        await AssertRefusedAsync(mcp, new { documentId, revision = 0 }, "validation_failed", "edits");
        await AssertRefusedAsync(mcp, new { documentId = "not-a-uuid", revision = 0, edits = new[] { new { from = 0, to = 0, text = "x" } } }, "validation_failed", "documentId");
        await AssertRefusedAsync(mcp, new { documentId = Guid.NewGuid(), revision = 0, edits = new[] { new { from = 0, to = 0, text = "x" } } }, "not_found", null);


        Assert.Equal(("a😀b", 0), await ContentAsync(owner, documentId));
    }

    [Fact]
    public async Task EditDocument_OnARevisionPastTheWindow_IsRevisionTooOld()
    {
        var (owner, projectId) = await OwnerWithProjectAsync();
        var documentId = await CreateDocumentAsync(owner, projectId, "busy.txt", "");
        await using var mcp = await McpSession.ConnectAsync(cluster.GatewayAddress, owner);
        var ownerId = (await GetJsonAsync(owner, "/api/v1/me")).GetProperty("userId").GetGuid();
        var document = cluster.Cluster.GetGrain<IDocumentGrain>(documentId);
        for (var revision = 0; revision < 60; revision++) // The test silo keeps a window of 50 operations.
        {
            var applied = await document.Submit(new OperationSubmission(ownerId, revision, TextOperation.Splice(revision, revision, 0, "x"), null, null));
            Assert.NotNull(applied.Applied);
        }

        await AssertRefusedAsync(mcp, new { documentId, revision = 1, edits = new[] { new { from = 0, to = 0, text = "y" } } }, "revision_too_old", null);
        Assert.Equal((new string('x', 60), 60), await ContentAsync(owner, documentId));
    }

    [Fact]
    public async Task Workflows_StartThenGetRun_AndSearchAnswersAsTheApiDoes()
    {
        var email = ApiClient.NewEmail("mcp-flow");
        await _http.RegisterAsync(email);
        await _http.IssueLicenseAsync(await cluster.AdminTokenAsync(), email, edition: "professional");
        var token = (await _http.LoginAsync(email)).AccessToken;
        var created = await _http.SendAuthorizedAsync(HttpMethod.Post, "/api/v1/workflows", token,
            JsonDocument.Parse("""{"name":"echo","steps":[{"id":"s0","type":"transform","input":{"value":"{{input.word}}"}}]}""").RootElement);
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var workflowId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("workflowId").GetGuid();
        await using var mcp = await McpSession.ConnectAsync(cluster.GatewayAddress, token);

        var (startError, started) = await mcp.CallAsync("start_workflow", new { workflowId, input = new { word = "hi" } });
        Assert.False(startError, started.ToString());
        var runId = started.GetProperty("runId").GetGuid();
        var (runError, run) = await mcp.CallAsync("get_run", new { runId, wait = 30 });
        Assert.False(runError, run.ToString());
        Assert.Equal(runId, run.GetProperty("runId").GetGuid());
        Assert.Equal("succeeded", run.GetProperty("status").GetString());

        var (signalError, signal) = await mcp.CallAsync("signal_run", new { runId = Guid.NewGuid(), name = "go", payload = new { ok = true } });
        Assert.True(signalError);
        Assert.Equal("not_found", signal.GetProperty("code").GetString());

        // Search runs through the search API; this cluster has no embedding worker, so it answers that API's 503 code.
        var projectId = (await (await _http.SendAuthorizedAsync(HttpMethod.Post, "/api/v1/projects", token, new { name = "Searchable" }))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("projectId").GetGuid();
        var (_, searched) = await mcp.CallAsync("search_documents", new { projectId, query = "retry with backoff" });
        Assert.True(searched.ValueKind == JsonValueKind.Array || searched.GetProperty("status").GetInt32() == 503, searched.ToString());
        await AssertRefusedAsync(mcp, new { projectId, query = "" }, "validation_failed", "query", "search_documents");
    }

    [Fact]
    public async Task OperationsTools_ClusterAndProviderHealth_AreForAdministratorsOnly()
    {
        await using (var admin = await McpSession.ConnectAsync(cluster.GatewayAddress, await cluster.AdminTokenAsync()))
        {
            var tools = await admin.ListToolsAsync();
            foreach (var name in new[] { "cluster_health", "provider_health" })
            {
                Assert.Equal("operations", Assert.Single(tools, t => t.Name == name).ProtocolTool.Meta?["powerautomation/group"]?.GetValue<string>());
            }

            var (clusterError, view) = await admin.CallAsync("cluster_health", new { });
            Assert.False(clusterError, view.ToString());
            Assert.Contains(view.GetProperty("silos").EnumerateArray(), s => s.GetProperty("status").GetString() == "active");
            Assert.True(view.GetProperty("totalActivations").GetInt32() > 0, view.ToString());
            var (providerError, providers) = await admin.CallAsync("provider_health", new { });
            Assert.False(providerError, providers.ToString());
            Assert.Equal(JsonValueKind.Array, providers.ValueKind);
            await AssertRefusedAsync(admin, new { verbose = true }, "validation_failed", null, "cluster_health");
        }

        // Anyone else neither sees them nor can call them by name.
        var (user, _) = await OwnerWithProjectAsync();
        await using var mcp = await McpSession.ConnectAsync(cluster.GatewayAddress, user);
        Assert.DoesNotContain(await mcp.ListToolsAsync(), t => t.Name is "cluster_health" or "provider_health");
        await AssertRefusedAsync(mcp, new { }, "forbidden", null, "cluster_health");
        await AssertRefusedAsync(mcp, new { }, "forbidden", null, "provider_health");
    }

    private static async Task AssertRefusedAsync(ModelContextProtocol.Client.McpClient mcp, object arguments, string code, string? field, string tool = "edit_document")
    {
        var (isError, body) = await mcp.CallAsync(tool, arguments);
        Assert.True(isError, body.ToString());
        Assert.Equal(code, body.GetProperty("code").GetString());
        if (field is not null)
        {
            Assert.Equal(field, body.GetProperty("field").GetString());
        }
    }

    private async Task<(string Owner, Guid ProjectId)> OwnerWithProjectAsync()
    {
        var (_, tokens) = await _http.RegisterAndLoginAsync();
        var created = await _http.SendAuthorizedAsync(HttpMethod.Post, "/api/v1/projects", tokens.AccessToken, new { name = "Agents" });
        return (tokens.AccessToken, (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("projectId").GetGuid());
    }

    private async Task<Guid> CreateDocumentAsync(string token, Guid projectId, string path, string content)
    {
        var created = await _http.SendAuthorizedAsync(HttpMethod.Post, $"/api/v1/projects/{projectId}/documents", token, new { path, content });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("documentId").GetGuid();
    }

    private async Task<(string Content, int Revision)> ContentAsync(string token, Guid documentId)
    {
        var body = await GetJsonAsync(token, $"/api/v1/documents/{documentId}/content");
        return (body.GetProperty("content").GetString()!, body.GetProperty("revision").GetInt32());
    }

    private async Task<JsonElement> GetJsonAsync(string token, string path)
    {
        var response = await _http.SendAuthorizedAsync(HttpMethod.Get, path, token);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
