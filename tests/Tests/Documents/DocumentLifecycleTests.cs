using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using PowerAutomation.Gateway.Documents.Live;
using PowerAutomation.Tests.Infrastructure;
using PowerAutomation.Tests.Projects;

namespace PowerAutomation.Tests.Documents;

/// <summary>Moving and deleting documents (API.md, "Files and projects"), as the people using them notice it.</summary>
[Collection(ClusterCollection.Name)]
public sealed class DocumentLifecycleTests(ClusterFixture cluster)
{
    private readonly HttpClient _http = cluster.CreateClient();

    [Fact]
    public async Task Rename_MovesTheDocument_InListsAndReads_AndFreesTheOldPath()
    {
        var (owner, _, _, projectId) = await _http.OwnerWithProjectAsync();
        var documentId = await _http.CreateDocumentAsync(owner, projectId, "src/main.txt", "hello");
        await _http.SendAuthorizedAsync(HttpMethod.Post, $"/api/v1/documents/{documentId}/operations", owner,
            new { revision = 0, operation = JsonDocument.Parse("[5,\"!\"]").RootElement });

        var renamed = await _http.RenameDocumentAsync(owner, documentId, "lib/app/main.txt");

        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        var body = await renamed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((documentId, "lib/app/main.txt", 1),
            (body.GetProperty("documentId").GetGuid(), body.GetProperty("path").GetString(), body.GetProperty("revision").GetInt32()));
        Assert.Equal(["lib/app/main.txt"], await _http.PathsAsync(owner, projectId));
        var read = await _http.GetJsonAsync(owner, $"/api/v1/documents/{documentId}");
        Assert.Equal(("lib/app/main.txt", "hello!"), (read.GetProperty("path").GetString(), read.GetProperty("content").GetString()));

        // Its own path again is fine; the old path takes a new document.
        Assert.Equal(HttpStatusCode.OK, (await _http.RenameDocumentAsync(owner, documentId, "lib/app/main.txt")).StatusCode);
        await _http.CreateDocumentAsync(owner, projectId, "src/main.txt");
        Assert.Equal(["lib/app/main.txt", "src/main.txt"], await _http.PathsAsync(owner, projectId));
    }

    [Fact]
    public async Task Rename_OntoAnotherDocumentOrFolder_Answers409PathTaken_AndChangesNothing()
    {
        var (owner, _, _, projectId) = await _http.OwnerWithProjectAsync();
        var moving = await _http.CreateDocumentAsync(owner, projectId, "a.txt");
        await _http.CreateDocumentAsync(owner, projectId, "docs/guide.md");
        await _http.CreateDocumentAsync(owner, projectId, "caf\u00e9.txt");

        foreach (var taken in new[] { "docs/guide.md", "docs", "docs/guide.md/inner.txt", "cafe\u0301.txt" })
        {
            await (await _http.RenameDocumentAsync(owner, moving, taken)).AssertProblemAsync(HttpStatusCode.Conflict, "path_taken");
        }

        Assert.Equal(["a.txt", "caf\u00e9.txt", "docs/guide.md"], await _http.PathsAsync(owner, projectId));
        Assert.Equal("a.txt", (await _http.GetJsonAsync(owner, $"/api/v1/documents/{moving}")).GetProperty("path").GetString());

        // Creating follows the same rule: a document cannot sit where a folder is.
        await (await _http.SendAuthorizedAsync(HttpMethod.Post, $"/api/v1/projects/{projectId}/documents", owner, new { path = "docs", content = "" }))
            .AssertProblemAsync(HttpStatusCode.Conflict, "path_taken");
    }

    [Fact]
    public async Task Rename_TwoAtOnceToOneFreePath_ExactlyOneWins()
    {
        var (owner, _, email, projectId) = await _http.OwnerWithProjectAsync();
        await _http.IssueLicenseAsync(await cluster.AdminTokenAsync(), email, limits: new { requestsPerMinute = 10_000 });
        for (var round = 0; round < 5; round++)
        {
            var first = await _http.CreateDocumentAsync(owner, projectId, $"first-{round}.txt");
            var second = await _http.CreateDocumentAsync(owner, projectId, $"second-{round}.txt");
            var target = $"winner-{round}.txt";

            var answers = await Task.WhenAll(_http.RenameDocumentAsync(owner, first, target), _http.RenameDocumentAsync(owner, second, target));

            var statuses = answers.Select(a => a.StatusCode).Order().ToArray();
            Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], statuses);
            var winner = answers[0].StatusCode == HttpStatusCode.OK ? first : second;
            var listed = await _http.GetJsonAsync(owner, $"/api/v1/projects/{projectId}/documents");
            var atTarget = Assert.Single(listed.EnumerateArray(), d => d.GetProperty("path").GetString() == target);
            Assert.Equal(winner, atTarget.GetProperty("documentId").GetGuid());
            var loser = winner == first ? second : first;
            Assert.Equal(winner == first ? $"second-{round}.txt" : $"first-{round}.txt",
                (await _http.GetJsonAsync(owner, $"/api/v1/documents/{loser}")).GetProperty("path").GetString());
        }
    }

    [Fact]
    public async Task Rename_BadInput_Answers400WithACode_AndChangesNothing()
    {
        var (owner, _, _, projectId) = await _http.OwnerWithProjectAsync();
        var documentId = await _http.CreateDocumentAsync(owner, projectId, "keep.txt");
        var url = $"/api/v1/documents/{documentId}";

        foreach (var path in new[] { "a/../b", "/abs", "a\\b", "a\u202Eb.txt", "x\u2066y", "./a", "a//b", "a/", "", "   ", "tab\there", new string('p', 513) })
        {
            await (await _http.RenameDocumentAsync(owner, documentId, path)).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_path");
        }

        await (await _http.SendAuthorizedAsync(HttpMethod.Patch, url, owner, new { })).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_path");
        foreach (var (json, code) in new[] { ("{", "invalid_json"), ("{\"path\":12}", "invalid_json"), ("[]", "invalid_json"), ("{\"path\":[\"a\"]}", "invalid_json"), ("{\"path\":\"a\\ud800\"}", "invalid_json") })
        {
            var request = ApiClient.Authorized(HttpMethod.Patch, url, owner);
            request.Content = ApiClient.RawJson(json);
            await (await _http.SendAsync(request)).AssertProblemAsync(HttpStatusCode.BadRequest, code);
        }

        Assert.Equal(["keep.txt"], await _http.PathsAsync(owner, projectId));
    }

    [Fact]
    public async Task RenameAndDelete_ByAViewer_Answer403_ByAStrangerOrForUnknownIds_404()
    {
        var (owner, _, _, projectId) = await _http.OwnerWithProjectAsync();
        var documentId = await _http.CreateDocumentAsync(owner, projectId, "guarded.txt", "text");
        var (viewer, _, _) = await _http.MemberAsync(owner, projectId, "viewer");
        var (_, stranger) = await _http.RegisterAndLoginAsync();
        var (otherOwner, _, _, otherProject) = await _http.OwnerWithProjectAsync();
        var foreign = await _http.CreateDocumentAsync(otherOwner, otherProject, "theirs.txt");

        await (await _http.RenameDocumentAsync(viewer, documentId, "moved.txt")).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await _http.DeleteAsync(viewer, $"/api/v1/documents/{documentId}")).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await _http.RenameDocumentAsync(stranger.AccessToken, documentId, "moved.txt")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await _http.DeleteAsync(stranger.AccessToken, $"/api/v1/documents/{documentId}")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await _http.RenameDocumentAsync(owner, foreign, "mine.txt")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await _http.DeleteAsync(owner, $"/api/v1/documents/{foreign}")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await _http.RenameDocumentAsync(owner, Guid.NewGuid(), "x.txt")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await _http.DeleteAsync(owner, $"/api/v1/documents/{Guid.NewGuid()}")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");

        Assert.Equal(["guarded.txt"], await _http.PathsAsync(owner, projectId));
        Assert.Equal(["theirs.txt"], await _http.PathsAsync(otherOwner, otherProject));
        Assert.Equal("text", (await _http.GetJsonAsync(viewer, $"/api/v1/documents/{documentId}")).GetProperty("content").GetString());
    }

    [Fact]
    public async Task Delete_TellsLiveSessionsOnEveryGateway_ThenEverythingIs404_AndThePathIsFree()
    {
        var (owner, _, _, projectId) = await _http.OwnerWithProjectAsync();
        var documentId = await _http.CreateDocumentAsync(owner, projectId, "notes/todo.txt", "milk");
        var (editor, _, _) = await _http.MemberAsync(owner, projectId, "editor");
        var second = await cluster.StartGatewayAsync();
        var secondAddress = new Uri(second.Urls.First());
        await using var here = await LiveClient.ConnectAsync(cluster.GatewayAddress, documentId, owner);
        await using var there = await LiveClient.ConnectAsync(secondAddress, documentId, editor);
        await there.EditAsync(text => new Grains.Abstractions.Documents.TextOperation.Builder().Retain(text.Length).Insert(", eggs").Build());
        await _http.SettledAsync(owner, documentId, here, there);

        Assert.Equal(HttpStatusCode.NoContent, (await _http.DeleteAsync(editor, $"/api/v1/documents/{documentId}")).StatusCode);

        await here.AssertEndedAsync(LiveSession.DocumentDeleted, LiveSession.Gone);
        await there.AssertEndedAsync(LiveSession.DocumentDeleted, LiveSession.Gone);
        foreach (var path in new[] { "", "/operations", "/operations?from=0", "/content", "/content?revision=0" })
        {
            await (await _http.SendAuthorizedAsync(HttpMethod.Get, $"/api/v1/documents/{documentId}{path}", owner))
                .AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        }

        var submitted = await _http.SendAuthorizedAsync(HttpMethod.Post, $"/api/v1/documents/{documentId}/operations", owner,
            new { revision = 1, operation = JsonDocument.Parse("[10]").RootElement });
        await submitted.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        Assert.Equal(HttpStatusCode.NotFound, await Lifecycle.LiveRefusalAsync(cluster.GatewayAddress, documentId, owner));
        Assert.Equal(HttpStatusCode.NotFound, await Lifecycle.LiveRefusalAsync(secondAddress, documentId, owner));
        await (await _http.DeleteAsync(owner, $"/api/v1/documents/{documentId}")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        Assert.Empty(await _http.PathsAsync(owner, projectId));

        var again = await _http.CreateDocumentAsync(owner, projectId, "notes/todo.txt", "fresh");
        Assert.NotEqual(documentId, again);
        Assert.Equal("fresh", (await _http.GetJsonAsync(editor, $"/api/v1/documents/{again}")).GetProperty("content").GetString());
    }

    [Fact]
    public async Task Delete_PurgesTheOperationsAndSnapshots()
    {
        var (owner, _, _, projectId) = await _http.OwnerWithProjectAsync();
        var documentId = await _http.CreateDocumentAsync(owner, projectId, "secret.txt", "password=hunter2");
        for (var revision = 0; revision < 3; revision++)
        {
            var edited = await _http.SendAuthorizedAsync(HttpMethod.Post, $"/api/v1/documents/{documentId}/operations", owner,
                new { revision, operation = JsonDocument.Parse($"[{16 + revision},\"!\"]").RootElement });
            Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        }

        Assert.Equal((3L, 1L), await RowsAsync(documentId));

        Assert.Equal(HttpStatusCode.NoContent, (await _http.DeleteAsync(owner, $"/api/v1/documents/{documentId}")).StatusCode);

        Assert.Equal((0L, 0L), await RowsAsync(documentId));
    }

    /// <summary>The document's rows in the operation log and the snapshots.</summary>
    private async Task<(long Operations, long Snapshots)> RowsAsync(Guid documentId)
    {
        await using var connection = new NpgsqlConnection(cluster.PostgresConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT (SELECT count(*) FROM document_operations WHERE document_id = @id), (SELECT count(*) FROM document_snapshots WHERE document_id = @id)
            """, connection);
        command.Parameters.AddWithValue("id", documentId);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }
}
