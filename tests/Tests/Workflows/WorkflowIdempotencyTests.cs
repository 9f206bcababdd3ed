using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PowerAutomation.Tests.Infrastructure;

namespace PowerAutomation.Tests.Workflows;

/// <summary><c>Idempotency-Key</c> on starting a run: retries and concurrent duplicates name one run, charged once.</summary>
[Collection(WorkflowsCollection.Name)]
public sealed class WorkflowIdempotencyTests(WorkflowsFixture fixture)
{
    private static readonly object Echo = new
    {
        name = "echo", steps = new object[] { new { id = "s", type = "transform", input = new { value = "{{input.word}}" } } },
    };

    [Fact]
    public async Task SameKey_AnswersTheFirstRun_EvenTenAtOnce_AndIsChargedOnce()
    {
        // A burst of ten starts each takes a unit before nine give it back: more than community's 10 a day.
        var client = await WorkflowClient.LicensedAsync(fixture, "idem");
        var workflowId = await client.CreateWorkflowAsync(Echo);
        var before = await client.RunsUsedAsync();

        var first = await StartAsync(client, workflowId, "order-42", "one");
        var again = await StartAsync(client, workflowId, "order-42", "two");
        var burst = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => StartAsync(client, workflowId, "order-43", $"burst {i}")));
        var other = await StartAsync(client, workflowId, "order-44", "three");

        Assert.Equal(first, again);
        Assert.Single(burst.Distinct());
        Assert.Equal(3, new[] { first, burst[0], other }.Distinct().Count());
        Assert.Equal(before + 3, await client.RunsUsedAsync());
        // The first start's input stands: the retry did not start anything.
        Assert.Equal("one", (await client.WaitFinishedAsync(first))["output"]!.GetValue<string>());
        Assert.Single(await client.GetEventsAsync(first), e => e!["type"]!.GetValue<string>() == "run_started");

        // Another user's same key is another run.
        var stranger = await WorkflowClient.SignUpAsync(fixture.CreateClient());
        var theirs = await stranger.CreateWorkflowAsync(Echo);
        Assert.NotEqual(first, await StartAsync(stranger, theirs, "order-42", "x"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("tab\there")]
    [InlineData(null)]
    public async Task BadKeys_AreRefused_AndStartNothing(string? key)
    {
        var client = await WorkflowClient.SignUpAsync(fixture.CreateClient());
        var workflowId = await client.CreateWorkflowAsync(Echo);
        var before = await client.RunsUsedAsync();
        using var request = ApiClient.Authorized(HttpMethod.Post, $"/api/v1/workflows/{workflowId}/runs", client.Token, new { input = new { word = "x" } });
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key ?? new string('k', 256));

        var response = await client.Http.SendAsync(request);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty("Idempotency-Key", out _), problem.ToString());
        Assert.Equal(before, await client.RunsUsedAsync());
    }

    [Fact]
    public async Task AKeyOlderThanADay_IsRefused_RatherThanStartingASecondRun()
    {
        // A gateway on the workflow clock, so the run's start time and "now" move together when the test says so. It
        // is called with an API key, which no clock expires (an access token would, 25 hours on).
        var (_, tokens) = await fixture.CreateClient().RegisterAndLoginAsync();
        var key = (await (await fixture.CreateClient().SendAuthorizedAsync(HttpMethod.Post, "/api/v1/me/api-keys", tokens.AccessToken, new { name = "nightly" }))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("apiKey").GetString()!;
        var app = await fixture.StartGatewayAsync(services => services.AddSingleton<TimeProvider>(fixture.Clock));
        var client = new WorkflowClient(new HttpClient { BaseAddress = new Uri(app.Urls.First()) }, key);
        var workflowId = await client.CreateWorkflowAsync(Echo);
        var runId = await StartAsync(client, workflowId, "nightly-2026-12-01", "x");
        Assert.Equal(runId, await StartAsync(client, workflowId, "nightly-2026-12-01", "x"));

        fixture.Clock.Advance(TimeSpan.FromHours(25));
        using var request = ApiClient.Authorized(HttpMethod.Post, $"/api/v1/workflows/{workflowId}/runs", key, new { input = new { word = "y" } });
        request.Headers.Add("Idempotency-Key", "nightly-2026-12-01");
        var problem = await (await client.Http.SendAsync(request)).AssertProblemAsync(HttpStatusCode.Conflict, "idempotency_key_expired");
        Assert.Contains(runId.ToString(), problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private static async Task<Guid> StartAsync(WorkflowClient client, Guid workflowId, string key, string word)
    {
        using var request = ApiClient.Authorized(HttpMethod.Post, $"/api/v1/workflows/{workflowId}/runs", client.Token, new { input = new { word } });
        request.Headers.Add("Idempotency-Key", key);
        var response = await client.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("runId").GetGuid();
    }

}
