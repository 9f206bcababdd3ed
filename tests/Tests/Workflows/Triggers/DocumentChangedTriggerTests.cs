using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using PowerAutomation.Tests.Infrastructure;

namespace PowerAutomation.Tests.Workflows.Triggers;

/// <summary>Saving a file of the project starts the workflow: once per debounce window, for the paths its glob names.</summary>
[Collection(WorkflowsCollection.Name)]
public sealed class DocumentChangedTriggerTests(WorkflowsFixture fixture)
{
    [Fact]
    public async Task EditsOfAWatchedFile_StartOneRunPerWindow_WithTheLatestRevision_AndOtherPathsStartNone()
    {
        var client = await WorkflowClient.LicensedAsync(fixture);
        var me = await (await client.SendAsync(HttpMethod.Get, "/api/v1/me")).Content.ReadFromJsonAsync<JsonObject>();
        var projectId = await CreateProjectAsync(client);
        var notes = await CreateDocumentAsync(client, projectId, "docs/notes.md");
        var code = await CreateDocumentAsync(client, projectId, "src/app.ts");
        var workflowId = await client.CreateWorkflowAsync(WebhookTriggerTests.Echo);
        var watchAll = await client.CreateWorkflowAsync(WebhookTriggerTests.Echo);
        await WebhookTriggerTests.CreateAsync(client, workflowId, new { type = "document.changed", projectId, pathGlob = "**/*.md", debounce = "PT2S" });
        await WebhookTriggerTests.CreateAsync(client, watchAll, new { type = "document.changed", projectId, debounce = "PT2S" });

        // Two quick edits of the notes and one of the code, inside one window.
        await EditAsync(client, notes, 0, 0, "# ");
        await EditAsync(client, notes, 1, 2, "Title");
        await EditAsync(client, code, 0, 0, "// ");
        var runs = await AdvanceUntilRunsAsync(client, workflowId, 1);

        var run = await client.WaitFinishedAsync(runs[0]);
        Assert.Equal(notes, run["output"]!["documentId"]!.GetValue<Guid>());
        Assert.Equal("docs/notes.md", run["output"]!["path"]!.GetValue<string>());
        Assert.Equal(2, run["output"]!["revision"]!.GetValue<int>());
        Assert.Equal(me!["userId"]!.GetValue<Guid>(), run["output"]!["authorId"]!.GetValue<Guid>());

        // The unfiltered trigger saw both files; the glob's saw the notes only.
        var all = await AdvanceUntilRunsAsync(client, watchAll, 2);
        var paths = await Task.WhenAll(all.Select(async id => (await client.WaitFinishedAsync(id))["output"]!["path"]!.GetValue<string>()));
        Assert.Equal(["docs/notes.md", "src/app.ts"], paths.Order());
        Assert.Single(await ScheduleTriggerTests.RunIdsAsync(client, workflowId));

        // A later edit is a later window: one more run, at its revision.
        await EditAsync(client, notes, 2, 7, "!");
        var after = await AdvanceUntilRunsAsync(client, workflowId, 2);
        Assert.Equal(3, (await client.WaitFinishedAsync(after[0]))["output"]!["revision"]!.GetValue<int>());
    }

    [Fact]
    public async Task OnlyAMemberMayWatchAProject()
    {
        var owner = await WorkflowClient.LicensedAsync(fixture);
        var stranger = await WorkflowClient.LicensedAsync(fixture);
        var projectId = await CreateProjectAsync(owner);
        var workflowId = await stranger.CreateWorkflowAsync(WebhookTriggerTests.Echo);

        var response = await stranger.SendAsync(HttpMethod.Post, $"/api/v1/workflows/{workflowId}/triggers", new { type = "document.changed", projectId });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(await WebhookTriggerTests.ListAsync(stranger, workflowId));
    }

    /// <summary>Moves workflow time on by a debounce window at a time until the workflow has <paramref name="count"/> runs.</summary>
    private async Task<List<Guid>> AdvanceUntilRunsAsync(WorkflowClient client, Guid workflowId, int count)
    {
        List<Guid> runs = [];
        await Processes.WaitUntilAsync(async () =>
        {
            fixture.Clock.Advance(TimeSpan.FromSeconds(2));
            return (runs = await ScheduleTriggerTests.RunIdsAsync(client, workflowId)).Count >= count;
        }, TimeSpan.FromSeconds(30), $"{count} run(s) started by document changes");
        Assert.Equal(count, runs.Count);
        return runs;
    }

    private static async Task<Guid> CreateProjectAsync(WorkflowClient client)
    {
        var project = await client.SendAsync(HttpMethod.Post, "/api/v1/projects", new { name = "watched" });
        return (await project.Content.ReadFromJsonAsync<JsonObject>())!["projectId"]!.GetValue<Guid>();
    }

    private static async Task<Guid> CreateDocumentAsync(WorkflowClient client, Guid projectId, string path)
    {
        var document = await client.SendAsync(HttpMethod.Post, $"/api/v1/projects/{projectId}/documents", new { path, content = "" });
        Assert.Equal(HttpStatusCode.Created, document.StatusCode);
        return (await document.Content.ReadFromJsonAsync<JsonObject>())!["documentId"]!.GetValue<Guid>();
    }

    /// <summary>Inserts <paramref name="text"/> after the first <paramref name="retain"/> characters (the end of the document).</summary>
    private static async Task EditAsync(WorkflowClient client, Guid documentId, int revision, int retain, string text)
    {
        var operation = retain == 0 ? new JsonArray(text) : new JsonArray(retain, text);
        var response = await client.SendAsync(HttpMethod.Post, $"/api/v1/documents/{documentId}/operations", new { revision, operation });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }
}
