using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PowerAutomation.Ai.Protocols;
using PowerAutomation.Grains.Abstractions.Documents;
using PowerAutomation.Tests.Ai;
using PowerAutomation.Tests.Infrastructure;

namespace PowerAutomation.Tests.Documents.Authoring;

/// <summary>
/// Authorship through the gateway over real sockets: two live editors and an AI edit interleaved, then undo by run and
/// by client while the others' text stays, redo, blame, named versions and restore, and what bad input gets.
/// </summary>
public sealed class DocumentAuthoringTests(AiClusterFixture cluster) : IClassFixture<AiClusterFixture>
{
    private readonly HttpClient _http = cluster.CreateClient();

    private async Task<(AiGateway Gateway, FakeProvider Fake, HttpClient Http, string Token, Guid DocumentId)> SetUpAsync(string content)
    {
        var fake = await FakeProvider.StartAsync("fake", AiProtocol.OpenAi);
        var gateway = await cluster.StartAiGatewayAsync("priority", new ProviderSetup(fake, ["coder"]));
        var http = gateway.CreateClient();
        var email = ApiClient.NewEmail("authoring");
        var (_, owner) = await http.RegisterAndLoginAsync(email);
        await http.IssueLicenseAsync(await cluster.AdminTokenAsync(), email, edition: "professional", limits: new { requestsPerMinute = 100_000 });
        var project = await (await http.SendAuthorizedAsync(HttpMethod.Post, "/api/v1/projects", owner.AccessToken, new { name = "authoring" }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var document = await (await http.SendAuthorizedAsync(HttpMethod.Post, $"/api/v1/projects/{project.GetProperty("projectId").GetGuid()}/documents",
            owner.AccessToken, new { path = "notes.md", content })).Content.ReadFromJsonAsync<JsonElement>();
        return (gateway, fake, http, owner.AccessToken, document.GetProperty("documentId").GetGuid());
    }

    private static TextOperation InsertAt(string text, int position, string insert) => TextOperation.Splice(text.Length, position, 0, insert);

    [Fact]
    public async Task UndoOfAnAiEdit_AndOfOneClient_WhileOthersType_LeavesEveryoneElsesText()
    {
        var (gateway, fake, http, token, documentId) = await SetUpAsync("hello world\n");
        await using var _ = gateway;
        await using var __ = fake;
        await using var first = await LiveClient.ConnectAsync(gateway.Address, documentId, token, "tab-one");
        await using var second = await LiveClient.ConnectAsync(gateway.Address, documentId, token, "tab-two");

        await first.EditAsync(text => InsertAt(text, 0, "AAA "));
        await second.EditAsync(text => InsertAt(text, text.Length, "BBB\n"));
        var settled = await http.SettledAsync(token, documentId, first, second);
        Assert.Equal("AAA hello world\nBBB\n", settled.Content);

        // The AI rewrites "world" (as of now); the second tab keeps typing after it.
        var at = settled.Content.IndexOf("world", StringComparison.Ordinal);
        var edit = await http.SendAuthorizedAsync(HttpMethod.Post, $"/api/v1/documents/{documentId}/ai/edit", token,
            new { model = "coder", instruction = "Greet instead", selection = new { from = at, to = at + 5 } });
        Assert.Equal(HttpStatusCode.OK, edit.StatusCode);
        var applied = await edit.Content.ReadFromJsonAsync<JsonElement>();
        var runId = applied.GetProperty("runId").GetGuid();
        await second.EditAsync(text => InsertAt(text, text.Length, "CC"));
        settled = await http.SettledAsync(token, documentId, first, second);
        Assert.Equal("AAA hello Hello from fake\nBBB\nCC", settled.Content);

        // History and blame show the AI's edit as the AI's, with its model.
        var history = await (await http.SendAuthorizedAsync(HttpMethod.Get, $"/api/v1/documents/{documentId}/operations", token))
            .Content.ReadFromJsonAsync<JsonElement>();
        var aiItem = history.EnumerateArray().Single(i => i.GetProperty("authorKind").GetString() == "ai");
        Assert.Equal(runId, aiItem.GetProperty("runId").GetGuid());
        Assert.False(string.IsNullOrEmpty(aiItem.GetProperty("model").GetString()));
        Assert.Contains(await BlameAsync(http, token, documentId), r => r.Kind == "ai" && r.Text == "Hello from fake");

        // Undo everything that AI edit did: "world" is back, both tabs' text stays.
        var undo = await http.SendAuthorizedAsync(HttpMethod.Post, $"/api/v1/documents/{documentId}/undo", token, new { runId });
        Assert.Equal(HttpStatusCode.OK, undo.StatusCode);
        settled = await http.SettledAsync(token, documentId, first, second);
        Assert.Equal("AAA hello world\nBBB\nCC", settled.Content);
        Assert.Equal(settled.Content, first.Document);
        Assert.DoesNotContain(await BlameAsync(http, token, documentId), r => r.Kind == "ai");

        // Undo by client: the first tab's words go, the second's stay; redo brings them back; twice is nothing.
        Assert.Equal(HttpStatusCode.OK, (await http.SendAuthorizedAsync(HttpMethod.Post, $"/api/v1/documents/{documentId}/undo", token, new { clientId = "tab-one" })).StatusCode);
        Assert.Equal("hello world\nBBB\nCC", (await http.SettledAsync(token, documentId, first, second)).Content);
        Assert.Equal(HttpStatusCode.OK, (await http.SendAuthorizedAsync(HttpMethod.Post, $"/api/v1/documents/{documentId}/undo", token, new { clientId = "tab-one", redo = true })).StatusCode);
        Assert.Equal("AAA hello world\nBBB\nCC", (await http.SettledAsync(token, documentId, first, second)).Content);
        var noRedo = await http.SendAuthorizedAsync(HttpMethod.Post, $"/api/v1/documents/{documentId}/undo", token, new { clientId = "tab-one", redo = true });
        Assert.Equal(HttpStatusCode.Conflict, noRedo.StatusCode);
        Assert.Equal("nothing_to_undo", (await noRedo.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());

        Assert.Equal(HttpStatusCode.OK, (await http.SendAuthorizedAsync(HttpMethod.Post, $"/api/v1/documents/{documentId}/undo", token, new { clientId = "tab-one" })).StatusCode);
        var nothing = await http.SendAuthorizedAsync(HttpMethod.Post, $"/api/v1/documents/{documentId}/undo", token, new { clientId = "tab-one" });
        Assert.Equal(HttpStatusCode.Conflict, nothing.StatusCode);
        Assert.Equal("nothing_to_undo", (await nothing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        var final = await http.SettledAsync(token, documentId, first, second);
        Assert.Equal("hello world\nBBB\nCC", final.Content);
        Assert.Empty(first.Errors);
        Assert.Empty(second.Errors);
    }

    [Fact]
    public async Task StreamedAiEdit_SendsProgress_EndingWithTheAppliedRevision_AndIsCharged()
    {
        var (gateway, fake, http, token, documentId) = await SetUpAsync("fix me");
        await using var _ = gateway;
        await using var __ = fake;
        var calls = fake.Calls;
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/documents/{documentId}/ai/edit")
        {
            Content = JsonContent.Create(new { model = "coder", instruction = "Fix it", stream = true }),
        };
        request.Headers.Authorization = new("Bearer", token);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        var events = body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(e => e.Split('\n')).Select(lines => (Name: lines[0]["event: ".Length..], Data: JsonDocument.Parse(lines[1]["data: ".Length..]).RootElement))
            .ToList();
        Assert.Equal("started", events[0].Name);
        Assert.Contains(events, e => e.Name == "delta");
        Assert.Equal("applied", events[^1].Name);
        var revision = events[^1].Data.GetProperty("revision").GetInt32();
        Assert.Equal(("Hello from fake", revision), await http.ReadDocumentAsync(token, documentId));
        Assert.Equal(calls + 1, fake.Calls);

        // Charged like any AI call: one request, and the tokens the provider reported (11 in, 7 out).
        await Processes.WaitUntilAsync(async () =>
        {
            var usage = await (await http.SendAuthorizedAsync(HttpMethod.Get, "/api/v1/me/quota", token)).Content.ReadFromJsonAsync<JsonElement>();
            long Used(string kind) => usage.EnumerateArray().Where(u => u.GetProperty("kind").GetString() == kind).Sum(u => u.GetProperty("used").GetInt64());
            return Used("ai_requests") == 1 && Used("ai_tokens") == FakeProvider.InputTokens + FakeProvider.OutputTokens;
        }, TimeSpan.FromSeconds(20), "the AI edit to be charged");
    }

    [Fact]
    public async Task NamedVersions_AndRestore_BringBackThatContentAsANewOperation()
    {
        var (token, documentId, _) = await cluster.CreateDocumentAsync(_http, "version one");
        var created = await _http.SendAuthorizedAsync(HttpMethod.Post, $"/api/v1/documents/{documentId}/versions", token, new { name = "first draft" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var version = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(0, version.GetProperty("revision").GetInt32());

        var current = await _http.ReadDocumentAsync(token, documentId);
        await _http.SendAuthorizedAsync(HttpMethod.Post, $"/api/v1/documents/{documentId}/operations", token, new
        {
            revision = current.Revision,
            operation = JsonDocument.Parse(TextOperation.Splice(current.Content.Length, 8, 3, "two, rewritten").ToString()).RootElement,
        });
        Assert.Equal("version two, rewritten", (await _http.ReadDocumentAsync(token, documentId)).Content);

        var list = await (await _http.SendAuthorizedAsync(HttpMethod.Get, $"/api/v1/documents/{documentId}/versions", token)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("first draft", list.EnumerateArray().Single().GetProperty("name").GetString());

        var restored = await _http.SendAuthorizedAsync(HttpMethod.Post, $"/api/v1/documents/{documentId}/restore", token, new { revision = 0 });
        Assert.Equal(HttpStatusCode.OK, restored.StatusCode);
        var after = await _http.ReadDocumentAsync(token, documentId);
        Assert.Equal(("version one", 2), after);

        // Blame after the restore: the restorer wrote the restored part; everything is covered.
        var blame = await BlameAsync(_http, token, documentId);
        Assert.Equal("version one", string.Concat(blame.Select(r => r.Text)));
    }

    [Fact]
    public async Task BadInput_GetsAClearErrorAndChangesNothing()
    {
        var (gateway, fake, http, token, documentId) = await SetUpAsync("unchanged 😀");
        await using var _ = gateway;
        await using var __ = fake;
        var path = $"/api/v1/documents/{documentId}";
        async Task Refused(HttpMethod method, string route, object? body, HttpStatusCode status, string code, string? field = null)
        {
            var response = await http.SendAuthorizedAsync(method, path + route, token, body);
            Assert.Equal(status, response.StatusCode);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(code, problem.GetProperty("code").GetString());
            if (field is not null)
            {
                Assert.Contains(field, problem.GetRawText(), StringComparison.Ordinal);
            }
        }

        await Refused(HttpMethod.Post, "/undo", new { count = 0 }, HttpStatusCode.BadRequest, "validation_failed", "count");
        await Refused(HttpMethod.Post, "/undo", new { count = 5000 }, HttpStatusCode.BadRequest, "validation_failed", "count");
        await Refused(HttpMethod.Post, "/undo", new { authorKind = "robot" }, HttpStatusCode.BadRequest, "validation_failed", "authorKind");
        await Refused(HttpMethod.Post, "/undo", new { }, HttpStatusCode.Conflict, "nothing_to_undo");
        await Refused(HttpMethod.Post, "/versions", new { name = "" }, HttpStatusCode.BadRequest, "validation_failed", "name");
        await Refused(HttpMethod.Post, "/versions", new { name = new string('v', 500) }, HttpStatusCode.BadRequest, "validation_failed", "name");
        await Refused(HttpMethod.Post, "/restore", new { revision = -1 }, HttpStatusCode.BadRequest, "validation_failed", "revision");
        await Refused(HttpMethod.Post, "/restore", new { revision = 1_000_000 }, HttpStatusCode.NotFound, "not_found");
        await Refused(HttpMethod.Post, "/ai/edit", new { instruction = "x" }, HttpStatusCode.BadRequest, "validation_failed", "model");
        await Refused(HttpMethod.Post, "/ai/edit", new { model = "coder" }, HttpStatusCode.BadRequest, "validation_failed", "instruction");
        await Refused(HttpMethod.Post, "/ai/edit", new { model = "coder", instruction = "x", selection = new { from = 5, to = 500 } }, HttpStatusCode.BadRequest, "validation_failed", "selection");
        // Between the two halves of the emoji.
        await Refused(HttpMethod.Post, "/ai/edit", new { model = "coder", instruction = "x", selection = new { from = 11, to = 11 } }, HttpStatusCode.BadRequest, "validation_failed", "selection");
        await Refused(HttpMethod.Post, "/ai/edit", new { model = "no-such-model", instruction = "x" }, HttpStatusCode.NotFound, "model_not_found");

        // A stranger sees no document at all.
        var (_, stranger) = await http.RegisterAndLoginAsync(ApiClient.NewEmail("stranger"));
        var foreign = await http.SendAuthorizedAsync(HttpMethod.Post, path + "/undo", stranger.AccessToken, new { });
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.SendAuthorizedAsync(HttpMethod.Get, path + "/blame", stranger.AccessToken)).StatusCode);

        Assert.Equal(0, fake.Calls);
        Assert.Equal(("unchanged 😀", 0), await http.ReadDocumentAsync(token, documentId));
    }

    private static async Task<List<(string Kind, string Text)>> BlameAsync(HttpClient http, string token, Guid documentId)
    {
        var content = (await http.ReadDocumentAsync(token, documentId)).Content;
        var blame = await (await http.SendAuthorizedAsync(HttpMethod.Get, $"/api/v1/documents/{documentId}/blame", token)).Content.ReadFromJsonAsync<JsonElement>();
        var ranges = blame.EnumerateArray()
            .Select(r => (Kind: r.GetProperty("authorKind").GetString()!, From: r.GetProperty("from").GetInt32(), To: r.GetProperty("to").GetInt32()))
            .ToList();
        Assert.Equal(content.Length, ranges.Count == 0 ? 0 : ranges[^1].To);
        return ranges.Select(r => (r.Kind, content[r.From..r.To])).ToList();
    }
}
