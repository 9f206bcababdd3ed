using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using PowerAutomation.Tests.Infrastructure;

namespace PowerAutomation.Tests.Workflows.Approvals;

/// <summary>
/// An approval step mails its assignee and shows in their inbox; their decision goes on (or fails the step); a timeout
/// escalates once, then fails. Mail goes to the fixture's real SMTP server.
/// </summary>
[Collection(WorkflowsCollection.Name)]
public sealed class ApprovalTests(WorkflowsFixture fixture)
{
    [Fact]
    public async Task TheAssignee_IsMailed_SeesItInTheInbox_AndApproves_OthersCannotDecide()
    {
        var owner = (await VerifiedUserAsync()).Client;
        var (approver, approverEmail) = await VerifiedUserAsync();
        var stranger = (await VerifiedUserAsync()).Client;
        var workflowId = await owner.CreateWorkflowAsync(Deploy(approverEmail));

        var runId = await owner.StartRunAsync(workflowId, new { version = "2.4.1" });

        var mail = await fixture.Mail.WaitForMailAsync(approverEmail, "approval_request");
        Assert.Contains("Deploy 2.4.1 to production?", mail.TextBody);
        var inbox = await InboxAsync(approver);
        var waiting = Assert.Single(inbox);
        Assert.Equal((runId, "ask", "Deploy 2.4.1 to production?"),
            (waiting!["runId"]!.GetValue<Guid>(), waiting["stepId"]!.GetValue<string>(), waiting["message"]!.GetValue<string>()));

        Assert.Equal("not_assignee", await WorkflowClient.CodeOf(await DecideAsync(owner, runId, true)));
        Assert.Equal(HttpStatusCode.NotFound, (await DecideAsync(stranger, runId, true)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await DecideAsync(approver, runId, true, "ship it")).StatusCode);

        var run = await owner.WaitFinishedAsync(runId);
        Assert.Equal("succeeded", WorkflowClient.Status(run));
        Assert.Equal("approved by " + approverEmail.ToLowerInvariant() + ": ship it", run["output"]!.GetValue<string>());
        Assert.Empty(await InboxAsync(approver));
        Assert.Equal("run_finished", await WorkflowClient.CodeOf(await DecideAsync(approver, runId, false)));
    }

    [Fact]
    public async Task ARejection_FailsTheStep_WithTheComment_AndNothingAfterItRuns()
    {
        var owner = await WorkflowClient.LicensedAsync(fixture);
        var (approver, approverEmail) = await VerifiedUserAsync();
        var runId = await owner.StartRunAsync(await owner.CreateWorkflowAsync(Deploy(approverEmail)), new { version = "9.9" });
        await fixture.Mail.WaitForMailAsync(approverEmail, "approval_request");

        Assert.Equal(HttpStatusCode.Accepted, (await DecideAsync(approver, runId, false, "not on a Friday")).StatusCode);

        var run = await owner.WaitFinishedAsync(runId);
        Assert.Equal("failed", WorkflowClient.Status(run));
        Assert.Equal("approval_rejected", run["error"]!["code"]!.GetValue<string>());
        Assert.Contains("not on a Friday", run["error"]!["message"]!.GetValue<string>());
        Assert.NotEqual("succeeded", WorkflowClient.Step(run, "announce")["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task ATimeout_EscalatesOnce_ToTheManager_ThenFails()
    {
        var owner = (await VerifiedUserAsync()).Client;
        var (approver, approverEmail) = await VerifiedUserAsync();
        var (manager, managerEmail) = await VerifiedUserAsync();
        var workflowId = await owner.CreateWorkflowAsync(new
        {
            name = "escalates",
            steps = new object[]
            {
                new { id = "ask", type = "approval", input = new { assignee = approverEmail, message = "Refund order 42?", timeout = "PT1H", escalateTo = managerEmail } },
            },
        });
        var runId = await owner.StartRunAsync(workflowId);
        await fixture.Mail.WaitForMailAsync(approverEmail, "approval_request");

        fixture.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        var escalation = await fixture.Mail.WaitForMailAsync(managerEmail, "approval_request");
        Assert.Contains("escalated", escalation.Subject);
        await Processes.WaitUntilAsync(async () => (await InboxAsync(approver)).Count == 0, TimeSpan.FromSeconds(20), "the approver's inbox to empty");
        Assert.True(Assert.Single(await InboxAsync(manager))!["escalated"]!.GetValue<bool>());
        Assert.Equal("not_assignee", await WorkflowClient.CodeOf(await DecideAsync(owner, runId, true)));
        Assert.Equal(HttpStatusCode.NotFound, (await DecideAsync(approver, runId, true)).StatusCode);

        fixture.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        var run = await owner.WaitFinishedAsync(runId);
        Assert.Equal("failed", WorkflowClient.Status(run));
        Assert.Equal("approval_timed_out", run["error"]!["code"]!.GetValue<string>());
        Assert.Contains(managerEmail.ToLowerInvariant(), run["error"]!["message"]!.GetValue<string>());
        Assert.Empty(await InboxAsync(manager));
    }

    [Fact]
    public async Task AnUnverifiedAddress_HasNoInbox_AndBadDecisionsAreRefused()
    {
        var http = fixture.CreateClient();
        var (_, tokens) = await http.RegisterAndLoginAsync();
        var unverified = new WorkflowClient(http, tokens.AccessToken);
        var (approver, _) = await VerifiedUserAsync();

        Assert.Equal("email_not_verified", await WorkflowClient.CodeOf(await unverified.SendAsync(HttpMethod.Get, "/api/v1/me/approvals")));
        Assert.Equal(HttpStatusCode.BadRequest, (await approver.SendAsync(HttpMethod.Post, $"/api/v1/runs/{Guid.NewGuid()}/approvals/ask", new { comment = "no verdict" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await DecideAsync(approver, Guid.NewGuid(), true)).StatusCode);
    }

    private static object Deploy(string approver) => new
    {
        name = "deploy with approval",
        steps = new object[]
        {
            new { id = "ask", type = "approval", input = new { assignee = approver, message = "Deploy {{input.version}} to production?" } },
            new { id = "announce", type = "transform", dependsOn = new[] { "ask" }, input = new { value = "approved by {{steps.ask.output.by}}: {{steps.ask.output.comment}}" } },
        },
    };

    private async Task<(WorkflowClient Client, string Email)> VerifiedUserAsync()
    {
        var client = await WorkflowClient.LicensedAsync(fixture, "approver");
        await client.Http.EnsureEmailVerifiedAsync(client.Token);
        var me = await (await client.SendAsync(HttpMethod.Get, "/api/v1/me")).Content.ReadFromJsonAsync<JsonObject>();
        return (client, me!["email"]!.GetValue<string>());
    }

    private static Task<HttpResponseMessage> DecideAsync(WorkflowClient client, Guid runId, bool approved, string? comment = null) =>
        client.SendAsync(HttpMethod.Post, $"/api/v1/runs/{runId}/approvals/ask", new { approved, comment });

    private static async Task<JsonArray> InboxAsync(WorkflowClient client)
    {
        var response = await client.SendAsync(HttpMethod.Get, "/api/v1/me/approvals");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonArray>())!;
    }
}
