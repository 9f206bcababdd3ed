using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PowerAutomation.Grains.Abstractions.Documents;
using PowerAutomation.Tests.Infrastructure;

namespace PowerAutomation.Tests.Documents;

[Collection(ClusterCollection.Name)]
public sealed class DocumentsHttpTests(ClusterFixture cluster)
{
    private readonly HttpClient _http = cluster.CreateClient();

    [Fact]
    public async Task Projects_RolesAndMembership()
    {
        var (_, owner) = await _http.RegisterAndLoginAsync();
        var editorEmail = ApiClient.NewEmail("editor");
        var (_, editor) = await _http.RegisterAndLoginAsync(editorEmail);
        var projectId = await CreateProject(owner.AccessToken, "Alpha");

        await _http.InviteAndAcceptAsync(owner.AccessToken, projectId, editorEmail, "editor", editor.AccessToken);
        var listed = await (await _http.SendAuthorizedAsync(HttpMethod.Get, "/api/v1/projects", editor.AccessToken)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("Alpha", "editor"), (listed[0].GetProperty("name").GetString(), listed[0].GetProperty("role").GetString()));

        await (await AddMember(editor.AccessToken, projectId, editorEmail, "owner")).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal(HttpStatusCode.NoContent, (await AddMember(owner.AccessToken, projectId, ApiClient.NewEmail("nobody"), "viewer")).StatusCode);
        await (await AddMember(owner.AccessToken, projectId, editorEmail, "superuser")).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await (await _http.SendAuthorizedAsync(HttpMethod.Post, "/api/v1/projects", owner.AccessToken, new { name = "" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task Document_CreateEditAndRead_WithTransformOfConcurrentOperations()
    {
        var (owner, projectId) = await OwnerWithProject();
        var documentId = await CreateDocument(owner, projectId, "src/main.txt", "hello");

        // Two clients edit revision 0 at once; the second is transformed against the first.
        var first = await Submit(owner, documentId, 0, "[5,\" world\"]");
        var second = await Submit(owner, documentId, 0, "[\"Oh, \",5]");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var applied = await second.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, applied.GetProperty("revision").GetInt32());
        Assert.Equal("[\"Oh, \",11]", applied.GetProperty("operation").GetRawText());

        var document = await Get(owner, $"/api/v1/documents/{documentId}");
        Assert.Equal(("Oh, hello world", 2), (document.GetProperty("content").GetString(), document.GetProperty("revision").GetInt32()));

        var listed = await Get(owner, $"/api/v1/projects/{projectId}/documents");
        Assert.Equal(("src/main.txt", 2), (listed[0].GetProperty("path").GetString(), listed[0].GetProperty("revision").GetInt32()));
    }

    [Fact]
    public async Task ResentOperation_IsAcknowledgedAgainAndAppliedOnce()
    {
        var (owner, projectId) = await OwnerWithProject();
        var documentId = await CreateDocument(owner, projectId, "a.txt", "");
        var body = new { revision = 0, operation = JsonDocument.Parse("[\"x\"]").RootElement, clientId = "tab-1", seq = 1 };

        var once = await (await _http.SendAuthorizedAsync(HttpMethod.Post, $"/api/v1/documents/{documentId}/operations", owner, body)).Content.ReadFromJsonAsync<JsonElement>();
        await cluster.Cluster.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var again = await (await _http.SendAuthorizedAsync(HttpMethod.Post, $"/api/v1/documents/{documentId}/operations", owner, body)).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(1, once.GetProperty("revision").GetInt32());
        Assert.Equal(1, again.GetProperty("revision").GetInt32());
        Assert.Equal("x", (await Get(owner, $"/api/v1/documents/{documentId}")).GetProperty("content").GetString());
    }

    [Fact]
    public async Task History_PagesOperationsAndRebuildsAnyPastRevision_AcrossSnapshotsAndDeactivation()
    {
        var (owner, projectId) = await OwnerWithProject(unthrottled: true);
        var documentId = await CreateDocument(owner, projectId, "log.txt", "");
        var expected = new List<string> { "" };
        for (var i = 0; i < 75; i++)
        {
            var text = expected[^1];
            var response = await Submit(owner, documentId, i, $"[{(text.Length > 0 ? text.Length + "," : "")}\"{(char)('a' + i % 26)}\"]");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            expected.Add(text + (char)('a' + i % 26));
        }

        await cluster.Cluster.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

        foreach (var revision in new[] { 0, 1, 19, 20, 21, 40, 60, 74, 75 })
        {
            var content = await Get(owner, $"/api/v1/documents/{documentId}/content?revision={revision}");
            Assert.Equal(expected[revision], content.GetProperty("content").GetString());
        }

        var page = await Get(owner, $"/api/v1/documents/{documentId}/operations?from=3&limit=4");
        Assert.Equal([4, 5, 6, 7], page.EnumerateArray().Select(o => o.GetProperty("revision").GetInt32()).ToArray());
        Assert.Equal("[3,\"d\"]", page[0].GetProperty("operation").GetRawText());
        var recent = await Get(owner, $"/api/v1/documents/{documentId}/operations?from=70");
        Assert.Equal(5, recent.GetArrayLength());
    }

    [Fact]
    public async Task BadOperations_AreRefusedAndChangeNothing()
    {
        var (owner, projectId) = await OwnerWithProject();
        var documentId = await CreateDocument(owner, projectId, "b.txt", "abc");

        await (await Submit(owner, documentId, 0, "[2,\"x\"]")).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_operation");
        await (await Submit(owner, documentId, 5, "[3]")).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_operation");
        await (await Submit(owner, documentId, 0, "[0,3]")).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_operation");
        await (await Submit(owner, documentId, 0, "{\"x\":1}")).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_operation");
        await (await _http.SendAuthorizedAsync(HttpMethod.Post, $"/api/v1/documents/{documentId}/operations", owner, new { operation = new[] { 3 } }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await (await Submit(owner, Guid.NewGuid(), 0, "[\"x\"]")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await _http.SendAuthorizedAsync(HttpMethod.Get, "/api/v1/documents/not-a-guid", owner)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");

        var document = await Get(owner, $"/api/v1/documents/{documentId}");
        Assert.Equal(("abc", 0), (document.GetProperty("content").GetString(), document.GetProperty("revision").GetInt32()));
    }

    [Fact]
    public async Task OperationOlderThanTheWindow_Answers409RevisionTooOld()
    {
        var (owner, projectId) = await OwnerWithProject(unthrottled: true);
        var documentId = await CreateDocument(owner, projectId, "w.txt", "");
        for (var i = 0; i < 55; i++)
        {
            await Submit(owner, documentId, i, i == 0 ? "[\"a\"]" : $"[{i},\"a\"]");
        }

        await (await Submit(owner, documentId, 2, "[2,\"late\"]")).AssertProblemAsync(HttpStatusCode.Conflict, "revision_too_old");
    }

    [Fact]
    public async Task Viewers_ReadButCannotWrite_StrangersSeeNothing()
    {
        var (owner, projectId) = await OwnerWithProject();
        var documentId = await CreateDocument(owner, projectId, "v.txt", "read me");
        var viewerEmail = ApiClient.NewEmail("viewer");
        var (_, viewer) = await _http.RegisterAndLoginAsync(viewerEmail);
        var (_, stranger) = await _http.RegisterAndLoginAsync();
        await _http.InviteAndAcceptAsync(owner, projectId, viewerEmail, "viewer", viewer.AccessToken);

        Assert.Equal("read me", (await Get(viewer.AccessToken, $"/api/v1/documents/{documentId}")).GetProperty("content").GetString());
        await (await Submit(viewer.AccessToken, documentId, 0, "[7,\"!\"]")).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await _http.SendAuthorizedAsync(HttpMethod.Post, $"/api/v1/projects/{projectId}/documents", viewer.AccessToken, new { path = "x", content = "" }))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await _http.SendAuthorizedAsync(HttpMethod.Get, $"/api/v1/documents/{documentId}", stranger.AccessToken)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await _http.SendAuthorizedAsync(HttpMethod.Get, $"/api/v1/projects/{projectId}/documents", stranger.AccessToken)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task MegabyteDocument_IsCreatedEditedAndRead()
    {
        var (owner, projectId) = await OwnerWithProject();
        var big = string.Concat(Enumerable.Repeat("0123456789abcdef", 65_536));
        var documentId = await CreateDocument(owner, projectId, "big.txt", big);

        var edit = await Submit(owner, documentId, 0, $"[{big.Length / 2},\"MIDDLE\",{big.Length - big.Length / 2}]");
        Assert.Equal(HttpStatusCode.OK, edit.StatusCode);
        var document = await Get(owner, $"/api/v1/documents/{documentId}");
        Assert.Equal(big.Length + 6, document.GetProperty("content").GetString()!.Length);

        await (await _http.SendAuthorizedAsync(HttpMethod.Post, $"/api/v1/projects/{projectId}/documents", owner, new { path = "big.txt", content = "" }))
            .AssertProblemAsync(HttpStatusCode.Conflict, "path_taken");
    }

    [Fact]
    public async Task OperationWithLengthsPastIntRange_Is400InvalidOperation()
    {
        var (owner, projectId) = await OwnerWithProject();
        var documentId = await CreateDocument(owner, projectId, "o.txt", "abc");

        await (await Submit(owner, documentId, 0, "[2147483647,1]")).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_operation");
        await (await Submit(owner, documentId, 0, "[-2147483647,-1]")).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_operation");
        Assert.Equal(0, (await Get(owner, $"/api/v1/documents/{documentId}")).GetProperty("revision").GetInt32());
    }

    [Fact]
    public async Task TwoUsersWithTheSameClientId_BothHaveEveryEditApplied_AndAHugeSeqBlocksNobodyElse()
    {
        var (owner, projectId) = await OwnerWithProject();
        var editorEmail = ApiClient.NewEmail("editor");
        var (_, editor) = await _http.RegisterAndLoginAsync(editorEmail);
        await _http.InviteAndAcceptAsync(owner, projectId, editorEmail, "editor", editor.AccessToken);
        var documentId = await CreateDocument(owner, projectId, "same.txt", "");

        Assert.Equal(1, await Revision(await SubmitAs(owner, documentId, 0, "[\"x\"]", "tab-1", 1)));
        Assert.Equal(2, await Revision(await SubmitAs(editor.AccessToken, documentId, 1, "[1,\"y\"]", "tab-1", 1)));
        Assert.Equal(3, await Revision(await SubmitAs(editor.AccessToken, documentId, 2, "[2,\"z\"]", "tab-1", long.MaxValue)));
        Assert.Equal(4, await Revision(await SubmitAs(owner, documentId, 3, "[3,\"w\"]", "tab-1", 2)));

        // Re-sends are still acknowledged once, per author.
        Assert.Equal(1, await Revision(await SubmitAs(owner, documentId, 0, "[\"x\"]", "tab-1", 1)));
        Assert.Equal(2, await Revision(await SubmitAs(editor.AccessToken, documentId, 1, "[1,\"y\"]", "tab-1", 1)));
        var document = await Get(owner, $"/api/v1/documents/{documentId}");
        Assert.Equal(("xyzw", 4), (document.GetProperty("content").GetString(), document.GetProperty("revision").GetInt32()));
    }

    [Fact]
    public async Task DocumentPaths_AreValidated_AndNfcNfdTwinsAreOnePath()
    {
        var (owner, projectId) = await OwnerWithProject();
        foreach (var bad in new[] { "../../../etc/passwd", "/etc/passwd", "..\\..\\x", "a/./b", "invoice\u202Etxt.exe", "a//b", "" })
        {
            var response = await _http.SendAuthorizedAsync(HttpMethod.Post, $"/api/v1/projects/{projectId}/documents", owner, new { path = bad, content = "" });
            await response.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_path");
        }

        const string nfc = "caf\u00E9.md";
        const string nfd = "cafe\u0301.md";
        var documentId = await CreateDocument(owner, projectId, nfd, "");
        await (await _http.SendAuthorizedAsync(HttpMethod.Post, $"/api/v1/projects/{projectId}/documents", owner, new { path = nfc, content = "" }))
            .AssertProblemAsync(HttpStatusCode.Conflict, "path_taken");
        Assert.Equal(nfc, (await Get(owner, $"/api/v1/documents/{documentId}")).GetProperty("path").GetString());
        var listed = await Get(owner, $"/api/v1/projects/{projectId}/documents");
        Assert.Equal([nfc], listed.EnumerateArray().Select(d => d.GetProperty("path").GetString()!).ToArray());
    }

    private async Task<HttpResponseMessage> SubmitAs(string token, Guid documentId, int revision, string operationJson, string clientId, long seq)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/documents/{documentId}/operations")
        {
            Content = ApiClient.RawJson($"{{\"revision\":{revision},\"operation\":{operationJson},\"clientId\":\"{clientId}\",\"seq\":{seq}}}"),
        };
        request.Headers.Authorization = new("Bearer", token);
        return await _http.SendAsync(request);
    }

    private static async Task<int> Revision(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("revision").GetInt32();
    }

    private async Task<(string Token, Guid ProjectId)> OwnerWithProject(bool unthrottled = false)
    {
        var email = ApiClient.NewEmail("owner");
        var (_, owner) = await _http.RegisterAndLoginAsync(email);
        if (unthrottled)
        {
            // Past the community edition's 60 API calls a minute.
            await _http.IssueLicenseAsync(await cluster.AdminTokenAsync(), email, limits: new { requestsPerMinute = 100_000 });
        }

        return (owner.AccessToken, await CreateProject(owner.AccessToken, "Project " + Guid.NewGuid().ToString("N")[..6]));
    }

    private async Task<Guid> CreateProject(string token, string name)
    {
        var response = await _http.SendAuthorizedAsync(HttpMethod.Post, "/api/v1/projects", token, new { name });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("projectId").GetGuid();
    }

    private Task<HttpResponseMessage> AddMember(string token, Guid projectId, string email, string role) =>
        _http.SendAuthorizedAsync(HttpMethod.Post, $"/api/v1/projects/{projectId}/members", token, new { email, role });

    private async Task<Guid> CreateDocument(string token, Guid projectId, string path, string content)
    {
        var response = await _http.SendAuthorizedAsync(HttpMethod.Post, $"/api/v1/projects/{projectId}/documents", token, new { path, content });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(0, body.GetProperty("revision").GetInt32());
        return body.GetProperty("documentId").GetGuid();
    }

    private Task<HttpResponseMessage> Submit(string token, Guid documentId, int revision, string operationJson)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/documents/{documentId}/operations")
        {
            Content = ApiClient.RawJson($"{{\"revision\":{revision},\"operation\":{operationJson}}}"),
        };
        request.Headers.Authorization = new("Bearer", token);
        return _http.SendAsync(request);
    }

    private async Task<JsonElement> Get(string token, string path)
    {
        var response = await _http.SendAuthorizedAsync(HttpMethod.Get, path, token);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
