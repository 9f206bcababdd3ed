using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using PowerAutomation.Tests.Infrastructure;

namespace PowerAutomation.Tests.Workflows;

/// <summary>What a user of the workflow API does, over HTTP with one access token.</summary>
public sealed class WorkflowClient(HttpClient http, string token)
{
    public HttpClient Http => http;

    public string Token => token;

    public static async Task<WorkflowClient> SignUpAsync(HttpClient http)
    {
        var (_, tokens) = await http.RegisterAndLoginAsync();
        return new WorkflowClient(http, tokens.AccessToken);
    }

    /// <summary>A user on a licence with room for busy tests: 1,000 runs a day, no practical request rate limit.</summary>
    public static async Task<WorkflowClient> LicensedAsync(ClusterFixture fixture, string prefix = "wf")
    {
        var http = fixture.CreateClient();
        var email = ApiClient.NewEmail(prefix);
        await http.RegisterAsync(email);
        await http.IssueLicenseAsync(await fixture.AdminTokenAsync(), email, edition: "professional",
            limits: new { workflowRunsPerDay = 1000, requestsPerMinute = 100_000 });
        return new WorkflowClient(http, (await http.LoginAsync(email)).AccessToken);
    }

    /// <summary>How many <c>workflow_runs</c> units the user has used today.</summary>
    public async Task<long> RunsUsedAsync()
    {
        var usage = await (await SendAsync(HttpMethod.Get, "/api/v1/me/quota")).Content.ReadFromJsonAsync<JsonArray>();
        return usage!.Single(u => u!["kind"]!.GetValue<string>() == "workflow_runs")!["used"]!.GetValue<long>();
    }

    /// <summary>The <c>code</c> of a problem answer.</summary>
    public static async Task<string?> CodeOf(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonObject>())?["code"]?.GetValue<string>();

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body = null) => http.SendAuthorizedAsync(method, path, token, body);

    public async Task<Guid> CreateWorkflowAsync(object definition)
    {
        var response = await SendAsync(HttpMethod.Post, "/api/v1/workflows", definition);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("workflowId").GetGuid();
    }

    public async Task<Guid> StartRunAsync(Guid workflowId, object? input = null)
    {
        var response = await SendAsync(HttpMethod.Post, $"/api/v1/workflows/{workflowId}/runs", new { input = input ?? new { } });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("runId").GetGuid();
    }

    public async Task<JsonObject> GetRunAsync(Guid runId, int wait = 0)
    {
        var response = await SendAsync(HttpMethod.Get, $"/api/v1/runs/{runId}" + (wait > 0 ? $"?wait={wait}" : ""));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>The run, or null while the cluster answers 503 (as it may for seconds after a silo dies).</summary>
    public async Task<JsonObject?> TryGetRunAsync(Guid runId, int wait = 0)
    {
        var response = await SendAsync(HttpMethod.Get, $"/api/v1/runs/{runId}" + (wait > 0 ? $"?wait={wait}" : ""));
        if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
        {
            return null;
        }

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonNode.Parse(text)!.AsObject();
    }

    public async Task<JsonArray> GetEventsAsync(Guid runId)
    {
        var response = await SendAsync(HttpMethod.Get, $"/api/v1/runs/{runId}/events");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonArray>())!;
    }

    /// <summary>Polls the run until the condition holds (bounded), and returns it.</summary>
    public async Task<JsonObject> WaitForRunAsync(Guid runId, Func<JsonObject, bool> condition, string what, int seconds = 20)
    {
        JsonObject run = [];
        await Processes.WaitUntilAsync(async () => condition(run = await GetRunAsync(runId)), TimeSpan.FromSeconds(seconds), what);
        return run;
    }

    /// <summary>Waits (long poll) until the run has finished and returns it.</summary>
    public async Task<JsonObject> WaitFinishedAsync(Guid runId, int seconds = 20)
    {
        var run = await GetRunAsync(runId, wait: seconds);
        Assert.True(run["status"]!.GetValue<string>() is "succeeded" or "failed" or "cancelled", $"run not finished after {seconds} s: {run}");
        return run;
    }

    public static JsonObject Step(JsonObject run, string id) =>
        run["steps"]!.AsArray().Select(s => s!.AsObject()).Single(s => s["id"]!.GetValue<string>() == id);

    public static string Status(JsonObject run) => run["status"]!.GetValue<string>();
}
