using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using PowerAutomation.Grains.Workflows.Triggers;
using PowerAutomation.Tests.Infrastructure;

namespace PowerAutomation.Tests.Workflows.Triggers;

/// <summary>An outside service calls the webhook URL: signed right, a run starts with the body and headers; signed wrong, nothing happens.</summary>
[Collection(WorkflowsCollection.Name)]
public sealed class WebhookTriggerTests(WorkflowsFixture fixture)
{
    internal static readonly object Echo = new
    {
        name = "echo input", steps = new object[] { new { id = "echo", type = "transform", input = new { value = "{{input}}" } } },
    };

    [Fact]
    public async Task ARightlySignedDelivery_StartsARun_WithBodyAndHeaders_AndAWrongOneStartsNothing()
    {
        var client = await WorkflowClient.SignUpAsync(fixture.CreateClient());
        var workflowId = await client.CreateWorkflowAsync(Echo);
        var trigger = await CreateAsync(client, workflowId, new { type = "webhook" });
        var url = new Uri(trigger["url"]!.GetValue<string>());
        var secret = Encoding.UTF8.GetBytes(trigger["secret"]!.GetValue<string>());
        Assert.Equal($"/api/v1/hooks/{trigger["triggerId"]}", url.AbsolutePath);
        var body = Encoding.UTF8.GetBytes("{\"action\":\"opened\",\"number\":7}");

        var wrong = await DeliverAsync(client.Http, url.AbsolutePath, body, WebhookSignatures.Sign(Encoding.UTF8.GetBytes("guess"), body));
        var unsigned = await DeliverAsync(client.Http, url.AbsolutePath, body, null);
        var right = await DeliverAsync(client.Http, url.AbsolutePath, body, WebhookSignatures.Sign(secret, body), ("X-GitHub-Event", "pull_request"));

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal("invalid_signature", await WorkflowClient.CodeOf(wrong));
        Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, right.StatusCode);
        var runId = (await right.Content.ReadFromJsonAsync<JsonObject>())!["runId"]!.GetValue<Guid>();
        var run = await client.WaitFinishedAsync(runId);
        Assert.Equal("succeeded", WorkflowClient.Status(run));
        Assert.Equal(7, run["output"]!["body"]!["number"]!.GetValue<int>());
        Assert.Equal("pull_request", run["output"]!["headers"]!["x-github-event"]!.GetValue<string>());
        Assert.Null(run["output"]!["headers"]!["x-pa-signature"]);

        // Only the signed delivery ran, and the trigger says so.
        var listed = await ListAsync(client, workflowId);
        var fires = Assert.Single(listed)!["recentFires"]!.AsArray();
        Assert.Equal(runId, Assert.Single(fires)!["runId"]!.GetValue<Guid>());
        Assert.Null(listed[0]!["secret"]);
    }

    [Fact]
    public async Task ATimestampedDelivery_SentAgain_AnswersTheSameRun_ChargedOnce_AndAStaleOneIsRefused()
    {
        var client = await WorkflowClient.SignUpAsync(fixture.CreateClient());
        var workflowId = await client.CreateWorkflowAsync(Echo);
        var trigger = await CreateAsync(client, workflowId, new { type = "webhook", requireTimestamp = true });
        var path = new Uri(trigger["url"]!.GetValue<string>()).AbsolutePath;
        var secret = Encoding.UTF8.GetBytes(trigger["secret"]!.GetValue<string>());
        var body = Encoding.UTF8.GetBytes("plain text, not JSON");
        var now = fixture.Clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var stale = fixture.Clock.GetUtcNow().AddMinutes(-10).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var before = await client.RunsUsedAsync();

        var first = await DeliverAsync(client.Http, path, body, WebhookSignatures.Sign(secret, body, now), ("X-PA-Timestamp", now));
        var replayed = await DeliverAsync(client.Http, path, body, WebhookSignatures.Sign(secret, body, now), ("X-PA-Timestamp", now));
        var old = await DeliverAsync(client.Http, path, body, WebhookSignatures.Sign(secret, body, stale), ("X-PA-Timestamp", stale));
        var bare = await DeliverAsync(client.Http, path, body, WebhookSignatures.Sign(secret, body));

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, replayed.StatusCode);
        var runId = (await first.Content.ReadFromJsonAsync<JsonObject>())!["runId"]!.GetValue<Guid>();
        Assert.Equal(runId, (await replayed.Content.ReadFromJsonAsync<JsonObject>())!["runId"]!.GetValue<Guid>());
        Assert.Equal("stale_timestamp", await WorkflowClient.CodeOf(old));
        Assert.Equal("stale_timestamp", await WorkflowClient.CodeOf(bare));
        Assert.Equal(before + 1, await client.RunsUsedAsync());
        Assert.Equal("plain text, not JSON", (await client.WaitFinishedAsync(runId))["output"]!["body"]!.GetValue<string>());
    }

    [Fact]
    public async Task AHugeBody_AnUnknownOrDeletedTrigger_AndAnotherUsersTrigger_AreRefused()
    {
        var client = await WorkflowClient.SignUpAsync(fixture.CreateClient());
        var stranger = await WorkflowClient.SignUpAsync(fixture.CreateClient());
        var workflowId = await client.CreateWorkflowAsync(Echo);
        var trigger = await CreateAsync(client, workflowId, new { type = "webhook" });
        var triggerId = trigger["triggerId"]!.GetValue<Guid>();
        var path = new Uri(trigger["url"]!.GetValue<string>()).AbsolutePath;
        var secret = Encoding.UTF8.GetBytes(trigger["secret"]!.GetValue<string>());

        var huge = new byte[WebhookReceiverLimit + 1];
        var tooLarge = await DeliverAsync(client.Http, path, huge, WebhookSignatures.Sign(secret, huge));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Equal("payload_too_large", await WorkflowClient.CodeOf(tooLarge));
        Assert.Equal(HttpStatusCode.NotFound, (await DeliverAsync(client.Http, $"/api/v1/hooks/{Guid.NewGuid()}", [1], "sha256=00")).StatusCode);

        // Someone else can neither list, delete nor add triggers to the workflow.
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.SendAsync(HttpMethod.Get, $"/api/v1/workflows/{workflowId}/triggers")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.SendAsync(HttpMethod.Delete, $"/api/v1/triggers/{triggerId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.SendAsync(HttpMethod.Post, $"/api/v1/workflows/{workflowId}/triggers", new { type = "webhook" })).StatusCode);

        // Deleted, the URL is dead and the list is empty.
        Assert.Equal(HttpStatusCode.NoContent, (await client.SendAsync(HttpMethod.Delete, $"/api/v1/triggers/{triggerId}")).StatusCode);
        var body = Encoding.UTF8.GetBytes("{}");
        Assert.Equal(HttpStatusCode.NotFound, (await DeliverAsync(client.Http, path, body, WebhookSignatures.Sign(secret, body))).StatusCode);
        Assert.Empty(await ListAsync(client, workflowId));
    }

    [Theory]
    [InlineData("{\"type\":\"email\"}", "invalid_trigger")]
    [InlineData("{\"type\":\"schedule\",\"cron\":\"every day\"}", "invalid_trigger")]
    [InlineData("{\"type\":\"schedule\",\"cron\":\"0 3 * * *\",\"timezone\":\"Nowhere/City\"}", "invalid_trigger")]
    [InlineData("{\"type\":\"document.changed\",\"projectId\":\"8a6b3c0e-0000-4000-8000-000000000000\"}", "not_found")]
    [InlineData("{\"type\":\"document.changed\"}", "invalid_trigger")]
    [InlineData("{\"type\":\"document.changed\",\"projectId\":\"8a6b3c0e-0000-4000-8000-000000000000\",\"debounce\":\"soon\"}", "validation_failed")]
    [InlineData("{\"type\":7}", null)]
    public async Task BadTriggers_AreRefusedWithACode_AndNothingIsCreated(string json, string? code)
    {
        var client = await WorkflowClient.SignUpAsync(fixture.CreateClient());
        var workflowId = await client.CreateWorkflowAsync(Echo);

        using var request = ApiClient.Authorized(HttpMethod.Post, $"/api/v1/workflows/{workflowId}/triggers", client.Token, null);
        request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        var response = await client.Http.SendAsync(request);

        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound, await response.Content.ReadAsStringAsync());
        if (code is not null)
        {
            Assert.Equal(code, await WorkflowClient.CodeOf(response));
        }

        Assert.Empty(await ListAsync(client, workflowId));
    }

    private const int WebhookReceiverLimit = PowerAutomation.Gateway.Workflows.Triggers.WebhookReceiver.MaxBodyBytes;

    internal static async Task<JsonObject> CreateAsync(WorkflowClient client, Guid workflowId, object trigger)
    {
        var response = await client.SendAsync(HttpMethod.Post, $"/api/v1/workflows/{workflowId}/triggers", trigger);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        return JsonNode.Parse(text)!.AsObject();
    }

    internal static async Task<JsonArray> ListAsync(WorkflowClient client, Guid workflowId)
    {
        var response = await client.SendAsync(HttpMethod.Get, $"/api/v1/workflows/{workflowId}/triggers");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonArray>())!;
    }

    private static async Task<HttpResponseMessage> DeliverAsync(HttpClient http, string path, byte[] body, string? signature, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        if (signature is not null)
        {
            request.Headers.Add("X-PA-Signature", signature);
        }

        foreach (var (name, value) in headers)
        {
            request.Headers.Add(name, value);
        }

        return await http.SendAsync(request);
    }

}
