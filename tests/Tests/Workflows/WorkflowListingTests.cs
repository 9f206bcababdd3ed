using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PowerAutomation.Silo.Database;
using PowerAutomation.Tests.Infrastructure;

namespace PowerAutomation.Tests.Workflows;

/// <summary><c>GET /api/v1/workflows</c> and <c>GET /api/v1/runs</c>: the caller's own, newest first, by cursor.</summary>
[Collection(ClusterCollection.Name)]
public sealed class WorkflowListingTests(ClusterFixture cluster)
{
    private static readonly object Transform = new { name = "quick", steps = new[] { new { id = "t", type = "transform", input = new { value = 1 } } } };
    private static readonly object WaitForGo = new { name = "patient", steps = new[] { new { id = "w", type = "wait.signal", input = new { name = "go" } } } };

    private readonly HttpClient _http = cluster.CreateClient();

    [Fact]
    public async Task ListWorkflows_PagesNewestFirst_WithoutGapsOrDuplicates_ShowingTheLatestVersion()
    {
        var owner = await WorkflowClient.SignUpAsync(_http);
        var other = await WorkflowClient.SignUpAsync(_http);
        var created = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            created.Add(await owner.CreateWorkflowAsync(Named($"flow {i}")));
        }

        var foreign = await other.CreateWorkflowAsync(Named("not yours"));
        var renamed = await owner.SendAsync(HttpMethod.Put, $"/api/v1/workflows/{created[1]}", Named("flow 1, second take"));
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);

        var pages = new List<List<JsonElement>>();
        string? cursor = null;
        do
        {
            var response = await owner.SendAsync(HttpMethod.Get, "/api/v1/workflows?limit=2" + (cursor is null ? "" : $"&cursor={cursor}"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            pages.Add((await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync())).RootElement.EnumerateArray().ToList());
            cursor = response.Headers.TryGetValues("X-Next-Cursor", out var next) ? next.Single() : null;
        }
        while (cursor is not null);

        Assert.Equal([2, 2, 1], pages.Select(p => p.Count));
        var listed = pages.SelectMany(p => p).ToList();
        Assert.Equal(Enumerable.Reverse(created), listed.Select(w => w.GetProperty("workflowId").GetGuid()));
        Assert.DoesNotContain(foreign, listed.Select(w => w.GetProperty("workflowId").GetGuid()));
        var second = listed.Single(w => w.GetProperty("workflowId").GetGuid() == created[1]);
        Assert.Equal(("flow 1, second take", 2), (second.GetProperty("name").GetString(), second.GetProperty("version").GetInt32()));
        Assert.Equal(1, listed.Single(w => w.GetProperty("workflowId").GetGuid() == created[0]).GetProperty("version").GetInt32());

        // The default page holds them all, with no next cursor.
        var all = await owner.SendAsync(HttpMethod.Get, "/api/v1/workflows");
        Assert.Equal(5, (await JsonDocument.ParseAsync(await all.Content.ReadAsStreamAsync())).RootElement.GetArrayLength());
        Assert.False(all.Headers.Contains("X-Next-Cursor"));
    }

    [Fact]
    public async Task ListWorkflows_ConcurrentSaves_ListTheLatestVersionOnce()
    {
        var owner = await WorkflowClient.SignUpAsync(_http);
        var workflow = await owner.CreateWorkflowAsync(Named("v1"));

        var saves = await Task.WhenAll(Enumerable.Range(2, 6).Select(i => owner.SendAsync(HttpMethod.Put, $"/api/v1/workflows/{workflow}", Named($"take {i}"))));

        Assert.All(saves, s => Assert.Equal(HttpStatusCode.OK, s.StatusCode));
        var last = (await Task.WhenAll(saves.Select(async s => (await JsonDocument.ParseAsync(await s.Content.ReadAsStreamAsync())).RootElement)))
            .OrderBy(b => b.GetProperty("version").GetInt32()).Last();
        var listed = (await JsonDocument.ParseAsync(await (await owner.SendAsync(HttpMethod.Get, "/api/v1/workflows")).Content.ReadAsStreamAsync())).RootElement;
        var item = Assert.Single(listed.EnumerateArray());
        Assert.Equal(7, item.GetProperty("version").GetInt32());
        Assert.Equal(last.GetProperty("version").GetInt32(), item.GetProperty("version").GetInt32());
        var latest = await (await owner.SendAsync(HttpMethod.Get, $"/api/v1/workflows/{workflow}")).Content.ReadAsStringAsync();
        Assert.Equal(JsonDocument.Parse(latest).RootElement.GetProperty("name").GetString(), item.GetProperty("name").GetString());
    }

    [Fact]
    public async Task ListRuns_NewestFirst_FiltersByWorkflowAndStatus_AndFollowsStatusChanges()
    {
        var owner = await WorkflowClient.SignUpAsync(_http);
        var quick = await owner.CreateWorkflowAsync(Transform);
        var patient = await owner.CreateWorkflowAsync(WaitForGo);
        var quickRuns = new[] { await owner.StartRunAsync(quick), await owner.StartRunAsync(quick) };
        var waiting = await owner.StartRunAsync(patient);
        var cancelled = await owner.StartRunAsync(patient);
        foreach (var run in quickRuns)
        {
            Assert.Equal("succeeded", WorkflowClient.Status(await owner.WaitFinishedAsync(run)));
        }

        Assert.Equal(HttpStatusCode.Accepted, (await owner.SendAsync(HttpMethod.Post, $"/api/v1/runs/{cancelled}/cancel")).StatusCode);
        await owner.WaitForRunAsync(waiting, r => WorkflowClient.Status(r) == "waiting", "the signal run to wait");

        var pages = await _http.AllAsync(owner.Token, "/api/v1/runs?limit=3");
        Assert.Equal([3, 1], pages.Select(p => p.Count));
        var runs = pages.SelectMany(p => p).ToList();
        Assert.Equal(new[] { cancelled, waiting, quickRuns[1], quickRuns[0] }, runs.Select(RunId));
        Assert.Equal(["cancelled", "waiting", "succeeded", "succeeded"], runs.Select(Status));
        Assert.All(runs.Where(r => Status(r) != "waiting"), r => Assert.True(r.GetProperty("endedAt").GetDateTimeOffset() >= r.GetProperty("startedAt").GetDateTimeOffset()));
        Assert.False(runs.Single(r => RunId(r) == waiting).TryGetProperty("endedAt", out _));
        Assert.Equal(patient, runs.Single(r => RunId(r) == waiting).GetProperty("workflowId").GetGuid());

        Assert.Equal(Enumerable.Reverse(quickRuns), (await _http.FirstAsync(owner.Token, $"/api/v1/runs?workflowId={quick}")).Select(RunId));
        Assert.Equal([waiting], (await _http.FirstAsync(owner.Token, "/api/v1/runs?status=waiting")).Select(RunId));
        Assert.Equal([cancelled], (await _http.FirstAsync(owner.Token, $"/api/v1/runs?workflowId={patient}&status=cancelled")).Select(RunId));
        Assert.Empty(await _http.FirstAsync(owner.Token, $"/api/v1/runs?workflowId={quick}&status=waiting"));

        // A signal finishes the waiting run; the list follows.
        var signalled = await owner.SendAsync(HttpMethod.Post, $"/api/v1/runs/{waiting}/signals/go", new { payload = new { ok = true } });
        Assert.Equal(HttpStatusCode.Accepted, signalled.StatusCode);
        Assert.Equal("succeeded", WorkflowClient.Status(await owner.WaitFinishedAsync(waiting)));
        var now = Assert.Single(await _http.FirstAsync(owner.Token, $"/api/v1/runs?workflowId={patient}&status=succeeded"));
        Assert.Equal(waiting, RunId(now));
        Assert.True(now.TryGetProperty("endedAt", out _));
        Assert.Empty(await _http.FirstAsync(owner.Token, "/api/v1/runs?status=waiting"));
    }

    [Fact]
    public async Task ListRuns_AnotherUsersRuns_AreNeverListed_EvenByTheirWorkflowId()
    {
        var owner = await WorkflowClient.SignUpAsync(_http);
        var stranger = await WorkflowClient.SignUpAsync(_http);
        var workflow = await owner.CreateWorkflowAsync(Transform);
        var run = await owner.StartRunAsync(workflow);
        await owner.WaitFinishedAsync(run);

        Assert.Empty(await _http.FirstAsync(stranger.Token, "/api/v1/runs"));
        Assert.Empty(await _http.FirstAsync(stranger.Token, $"/api/v1/runs?workflowId={workflow}"));
        var workflows = await stranger.SendAsync(HttpMethod.Get, "/api/v1/workflows");
        Assert.Equal("[]", await workflows.Content.ReadAsStringAsync());

        // A cursor naming the owner's run still lists only the caller's own runs.
        await stranger.StartRunAsync(await stranger.CreateWorkflowAsync(Transform));
        var ownerPage = await owner.SendAsync(HttpMethod.Get, "/api/v1/runs?limit=1");
        var body = (await JsonDocument.ParseAsync(await ownerPage.Content.ReadAsStreamAsync())).RootElement;
        Assert.Equal(run, RunId(body.GetProperty("items")[0]));
        Assert.Equal(JsonValueKind.Null, body.GetProperty("nextCursor").ValueKind);
        var forged = PowerAutomation.Gateway.Paging.PageCursor.Encode(new(DateTimeOffset.UtcNow.AddDays(1), run.ToString("N")));
        Assert.DoesNotContain(run, (await _http.FirstAsync(stranger.Token, $"/api/v1/runs?cursor={forged}")).Select(RunId));
    }

    [Theory]
    [InlineData("/api/v1/runs?limit=0", "validation_failed")]
    [InlineData("/api/v1/runs?limit=201", "validation_failed")]
    [InlineData("/api/v1/runs?limit=-1", "validation_failed")]
    [InlineData("/api/v1/runs?limit=ten", "validation_failed")]
    [InlineData("/api/v1/runs?limit=1.5", "validation_failed")]
    [InlineData("/api/v1/runs?status=done", "validation_failed")]
    [InlineData("/api/v1/runs?status=SUCCEEDED", "validation_failed")]
    [InlineData("/api/v1/runs?workflowId=not-a-guid", "validation_failed")]
    [InlineData("/api/v1/runs?cursor=garbage", "invalid_cursor")]
    [InlineData("/api/v1/runs?cursor=MS4xLjA", "invalid_cursor")]
    [InlineData("/api/v1/workflows?cursor=%00%01", "invalid_cursor")]
    [InlineData("/api/v1/workflows?limit=1000", "validation_failed")]
    public async Task Listings_BadQuery_Are400WithACode(string path, string code)
    {
        var user = await WorkflowClient.SignUpAsync(_http);
        await (await user.SendAsync(HttpMethod.Get, path)).AssertProblemAsync(HttpStatusCode.BadRequest, code);
    }

    [Fact]
    public async Task Listings_LimitBounds_OneAndTwoHundredAreAccepted_AndNeedAToken()
    {
        var user = await WorkflowClient.SignUpAsync(_http);
        await user.StartRunAsync(await user.CreateWorkflowAsync(Transform));
        await user.StartRunAsync(await user.CreateWorkflowAsync(Transform));

        var one = await user.SendAsync(HttpMethod.Get, "/api/v1/runs?limit=1");
        var body = (await JsonDocument.ParseAsync(await one.Content.ReadAsStreamAsync())).RootElement;
        Assert.Equal(1, body.GetProperty("items").GetArrayLength());
        Assert.Equal(JsonValueKind.String, body.GetProperty("nextCursor").ValueKind);
        Assert.Equal(2, (await _http.FirstAsync(user.Token, "/api/v1/runs?limit=200")).Count);

        await (await _http.GetAsync("/api/v1/runs")).AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        await (await _http.GetAsync("/api/v1/workflows")).AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task Repair_WorkflowMissingFromTheIndex_IsListedAgain()
    {
        var owner = await WorkflowClient.SignUpAsync(_http);
        var workflow = await owner.CreateWorkflowAsync(Named("stored before the index"));
        await using (var connection = new NpgsqlConnection(cluster.PostgresConnectionString))
        {
            await connection.OpenAsync();
            await using var delete = new NpgsqlCommand("DELETE FROM workflows WHERE workflow_id = @id", connection);
            delete.Parameters.AddWithValue("id", workflow);
            Assert.Equal(1, await delete.ExecuteNonQueryAsync());
        }

        Assert.Equal("[]", await (await owner.SendAsync(HttpMethod.Get, "/api/v1/workflows")).Content.ReadAsStringAsync());

        var repaired = await cluster.Silo.Services.GetRequiredService<ReadModelRepair>().RunAsync();

        // Others in this collection share the database, so only a lower bound is ours to assert.
        Assert.True(repaired.Workflows >= 1, $"repaired {repaired.Workflows} workflows");
        var listed = (await JsonDocument.ParseAsync(await (await owner.SendAsync(HttpMethod.Get, "/api/v1/workflows")).Content.ReadAsStreamAsync())).RootElement;
        var item = Assert.Single(listed.EnumerateArray());
        Assert.Equal((workflow, "stored before the index", 1),
            (item.GetProperty("workflowId").GetGuid(), item.GetProperty("name").GetString(), item.GetProperty("version").GetInt32()));
        await cluster.Silo.Services.GetRequiredService<ReadModelRepair>().RunAsync();
        var again = (await JsonDocument.ParseAsync(await (await owner.SendAsync(HttpMethod.Get, "/api/v1/workflows")).Content.ReadAsStreamAsync())).RootElement;
        Assert.Single(again.EnumerateArray()); // a second repair adds no duplicate
    }

    private static object Named(string name) => new { name, steps = new[] { new { id = "t", type = "transform", input = new { value = 1 } } } };

    private static Guid RunId(JsonElement run) => run.GetProperty("runId").GetGuid();

    private static string Status(JsonElement run) => run.GetProperty("status").GetString()!;
}
