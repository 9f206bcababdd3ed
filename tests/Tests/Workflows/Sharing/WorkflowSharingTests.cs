using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using PowerAutomation.Tests.Infrastructure;

namespace PowerAutomation.Tests.Workflows.Sharing;

/// <summary>A workflow shared with a project: members with the role read and run it on their own account; nobody else does.</summary>
[Collection(WorkflowsCollection.Name)]
public sealed class WorkflowSharingTests(WorkflowsFixture fixture)
{
    [Fact]
    public async Task MembersWithTheRole_ReadAndRunIt_AsThemselves_OthersAndUnsharedSeeNothing()
    {
        var owner = await WorkflowClient.LicensedAsync(fixture, "owner");
        var editor = await WorkflowClient.LicensedAsync(fixture, "editor");
        var viewer = await WorkflowClient.LicensedAsync(fixture, "viewer");
        var stranger = await WorkflowClient.LicensedAsync(fixture, "stranger");
        var project = await owner.SendAsync(HttpMethod.Post, "/api/v1/projects", new { name = "team automations" });
        var projectId = (await project.Content.ReadFromJsonAsync<JsonObject>())!["projectId"]!.GetValue<Guid>();
        await JoinAsync(owner, editor, projectId, "editor");
        await JoinAsync(owner, viewer, projectId, "viewer");
        var workflowId = await owner.CreateWorkflowAsync(new
        {
            name = "shared echo", steps = new object[] { new { id = "echo", type = "transform", input = new { value = "{{input.word}}" } } },
        });

        Assert.Equal(HttpStatusCode.NotFound, (await editor.SendAsync(HttpMethod.Get, $"/api/v1/workflows/{workflowId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent,
            (await owner.SendAsync(HttpMethod.Put, $"/api/v1/workflows/{workflowId}/sharing", new { projectId, role = "editor" })).StatusCode);
        var shown = await (await owner.SendAsync(HttpMethod.Get, $"/api/v1/workflows/{workflowId}")).Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal((projectId, "editor"), (shown!["sharing"]!["projectId"]!.GetValue<Guid>(), shown["sharing"]!["role"]!.GetValue<string>()));

        // The editor reads it and runs it: the run is theirs and charged to them.
        var ownerUsed = await owner.RunsUsedAsync();
        var editorUsed = await editor.RunsUsedAsync();
        Assert.Equal(HttpStatusCode.OK, (await editor.SendAsync(HttpMethod.Get, $"/api/v1/workflows/{workflowId}")).StatusCode);
        var runId = await editor.StartRunAsync(workflowId, new { word = "shared" });
        Assert.Equal("shared", (await editor.WaitFinishedAsync(runId))["output"]!.GetValue<string>());
        Assert.Equal((ownerUsed, editorUsed + 1), (await owner.RunsUsedAsync(), await editor.RunsUsedAsync()));
        Assert.Equal(HttpStatusCode.NotFound, (await owner.SendAsync(HttpMethod.Get, $"/api/v1/runs/{runId}")).StatusCode);

        // The editor cannot change it, nor give it triggers; a viewer and a stranger cannot see it.
        Assert.Equal(HttpStatusCode.NotFound, (await editor.SendAsync(HttpMethod.Put, $"/api/v1/workflows/{workflowId}",
            new { name = "taken over", steps = new object[] { new { id = "x", type = "transform", input = new { value = 1 } } } })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await editor.SendAsync(HttpMethod.Post, $"/api/v1/workflows/{workflowId}/triggers", new { type = "webhook" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await editor.SendAsync(HttpMethod.Put, $"/api/v1/workflows/{workflowId}/sharing", new { projectId, role = "viewer" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await viewer.SendAsync(HttpMethod.Get, $"/api/v1/workflows/{workflowId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.SendAsync(HttpMethod.Post, $"/api/v1/workflows/{workflowId}/runs", new { input = new { } })).StatusCode);

        // Unshared, the editor sees nothing again; sharing with someone else's project is refused.
        Assert.Equal(HttpStatusCode.NoContent, (await owner.SendAsync(HttpMethod.Delete, $"/api/v1/workflows/{workflowId}/sharing")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await editor.SendAsync(HttpMethod.Get, $"/api/v1/workflows/{workflowId}")).StatusCode);
        var foreign = await stranger.SendAsync(HttpMethod.Post, "/api/v1/projects", new { name = "not yours" });
        var foreignId = (await foreign.Content.ReadFromJsonAsync<JsonObject>())!["projectId"]!.GetValue<Guid>();
        Assert.Equal(HttpStatusCode.NotFound, (await owner.SendAsync(HttpMethod.Put, $"/api/v1/workflows/{workflowId}/sharing", new { projectId = foreignId, role = "viewer" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await owner.SendAsync(HttpMethod.Put, $"/api/v1/workflows/{workflowId}/sharing", new { projectId, role = "admin" })).StatusCode);
    }

    private static async Task JoinAsync(WorkflowClient owner, WorkflowClient member, Guid projectId, string role)
    {
        var me = await (await member.SendAsync(HttpMethod.Get, "/api/v1/me")).Content.ReadFromJsonAsync<JsonObject>();
        await owner.Http.InviteAndAcceptAsync(owner.Token, projectId, me!["email"]!.GetValue<string>(), role, member.Token);
    }
}
