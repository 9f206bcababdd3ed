using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using PowerAutomation.Client.Cluster;
using PowerAutomation.Grains.Abstractions.Licensing;

// Workflow runs through the HTTP API of a running system: each worker starts a run and long-polls it to the end,
// over and over. Reports runs completed per second and start-to-finish latency (as the client saw it, and as the run
// recorded it). Modes: `three-step` (three transforms), `foreach` (a 10-element foreach of transforms), `webhook`
// (the three-step run started by signed webhook deliveries; also reports delivery-to-run-started, the 202's latency).
// usage: WorkflowLoad URL [seconds=20] [concurrency=64] [mode=three-step]
var url = new Uri(args.Length > 0 ? args[0] : "http://127.0.0.1:8080");
var seconds = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 20;
var concurrency = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 64;
var mode = args.Length > 3 ? args[3] : "three-step";
if (mode is not ("three-step" or "foreach" or "webhook" or "schedule"))
{
    Console.Error.WriteLine($"unknown mode '{mode}': three-step, foreach, webhook or schedule");
    return 2;
}

using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency * 2, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
{
    BaseAddress = url,
    Timeout = TimeSpan.FromSeconds(60),
};

// A user with allowances that do not get in the way, issued through the embedded client as an operator would.
var email = $"workflow-bench-{DateTime.UtcNow:yyyyMMddHHmmss}@example.com";
const string password = "a long bench passphrase";
(await http.PostAsJsonAsync("/api/v1/auth/register", new { email, password })).EnsureSuccessStatusCode();
using (var host = await EmbeddedClusterClient.StartAsync([], CancellationToken.None))
{
    await host.Client().GetGrain<ILicenseGrain>(Guid.NewGuid().ToString("N")).Issue(new LicenseIssue(email, Editions.Enterprise,
        DateTimeOffset.UtcNow.AddDays(1), 1, [], new QuotaLimits(WorkflowRunsPerDay: 1_000_000_000, RequestsPerMinute: 1_000_000_000), "bench"));
    await host.StopAsync();
}

var login = await (await http.PostAsJsonAsync("/api/v1/auth/login", new { email, password })).Content.ReadFromJsonAsync<JsonObject>();
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", login!["accessToken"]!.GetValue<string>());

if (mode == "schedule")
{
    return await ScheduleLateness.RunAsync(http, seconds, concurrency);
}

object definition = mode == "foreach"
    ? new
    {
        name = "ten-element foreach",
        steps = new object[]
        {
            new
            {
                id = "each", type = "foreach",
                input = new { items = "{{input.items}}", concurrency = 4, step = new { type = "transform", input = new { value = new { text = "item {{item}} at {{index}}" } } } },
            },
        },
    }
    : mode == "webhook"
    ? new
    {
        name = "three steps from a webhook",
        steps = new object[]
        {
            new { id = "greet", type = "transform", input = new { value = new { text = "hello {{input.body.name}}" } } },
            new { id = "count", type = "transform", input = new { value = new { text = "{{steps.greet.output.text}}", n = "{{input.body.n}}" } }, dependsOn = new[] { "greet" } },
            new { id = "done", type = "transform", input = new { value = "{{steps.count.output}}" }, dependsOn = new[] { "count" } },
        },
    }
    : new
    {
        name = "three steps",
        steps = new object[]
        {
            new { id = "greet", type = "transform", input = new { value = new { text = "hello {{input.name}}" } } },
            new { id = "count", type = "transform", input = new { value = new { text = "{{steps.greet.output.text}}", n = "{{input.n}}" } }, dependsOn = new[] { "greet" } },
            new { id = "done", type = "transform", input = new { value = "{{steps.count.output}}" }, dependsOn = new[] { "count" } },
        },
    };
var created = await http.PostAsJsonAsync("/api/v1/workflows", definition);
created.EnsureSuccessStatusCode();
var workflowId = (await created.Content.ReadFromJsonAsync<JsonObject>())!["workflowId"]!.GetValue<Guid>();
string? hookPath = null;
byte[] hookSecret = [];
if (mode == "webhook")
{
    var trigger = await (await http.PostAsJsonAsync($"/api/v1/workflows/{workflowId}/triggers", new { type = "webhook" })).Content.ReadFromJsonAsync<JsonObject>();
    hookPath = new Uri(trigger!["url"]!.GetValue<string>()).AbsolutePath;
    hookSecret = Encoding.UTF8.GetBytes(trigger["secret"]!.GetValue<string>());
}

var saidFailure = 0;
var hookLatencies = new System.Collections.Concurrent.ConcurrentBag<double>();

async Task<HttpResponseMessage> StartAsync(int n)
{
    if (hookPath is null)
    {
        object input = mode == "foreach" ? new { items = Enumerable.Range(n, 10) } : new { name = "bench", n };
        return await http.PostAsJsonAsync($"/api/v1/workflows/{workflowId}/runs", new { input });
    }

    // What a sending service does: sign the exact body bytes with the trigger's secret.
    var body = Encoding.UTF8.GetBytes($"{{\"name\":\"bench\",\"n\":{n}}}");
    using var request = new HttpRequestMessage(HttpMethod.Post, hookPath) { Content = new ByteArrayContent(body) };
    request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
    request.Headers.Add("X-PA-Signature", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(hookSecret, body)));
    var sent = Stopwatch.GetTimestamp();
    var answer = await http.SendAsync(request);
    hookLatencies.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
    return answer;
}

async Task<(double Client, double Engine)?> RunOnceAsync(int n)
{
    var started = Stopwatch.GetTimestamp();
    var start = await StartAsync(n);
    if (!start.IsSuccessStatusCode)
    {
        if (Interlocked.Exchange(ref saidFailure, 1) == 0)
        {
            Console.Error.WriteLine($"first refused start: {(int)start.StatusCode} {await start.Content.ReadAsStringAsync()}");
        }

        return null;
    }

    var runId = (await start.Content.ReadFromJsonAsync<JsonObject>())!["runId"]!.GetValue<Guid>();
    var run = await http.GetFromJsonAsync<JsonObject>($"/api/v1/runs/{runId}?wait=30");
    if (run?["status"]?.GetValue<string>() != "succeeded")
    {
        return null;
    }

    var engine = run["finishedAt"]!.GetValue<DateTimeOffset>() - run["createdAt"]!.GetValue<DateTimeOffset>();
    return (Stopwatch.GetElapsedTime(started).TotalMilliseconds, engine.TotalMilliseconds);
}

// Warm up: JIT, connections, grain activations of the workflow and quota.
await Task.WhenAll(Enumerable.Range(0, concurrency).Select(i => RunOnceAsync(i)));
hookLatencies.Clear();

var results = new List<(double Client, double Engine)>[concurrency];
var failures = 0;
var clock = Stopwatch.StartNew();
var end = TimeSpan.FromSeconds(seconds);
await Task.WhenAll(Enumerable.Range(0, concurrency).Select(worker => Task.Run(async () =>
{
    var mine = results[worker] = [];
    var n = 0;
    while (clock.Elapsed < end)
    {
        if (await RunOnceAsync(n++) is { } result)
        {
            mine.Add(result);
        }
        else
        {
            Interlocked.Increment(ref failures);
        }
    }
})));
var elapsed = clock.Elapsed.TotalSeconds;
var all = results.SelectMany(r => r).ToList();
var clientMs = all.Select(r => r.Client).Order().ToArray();
var engineMs = all.Select(r => r.Engine).Order().ToArray();
double P(double[] sorted, double q) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(sorted.Length * q))];
Console.WriteLine($"mode                  {mode}");
Console.WriteLine($"runs completed        {all.Count} in {elapsed:0.0} s = {all.Count / elapsed:N0} runs/s ({concurrency} in flight, {failures} failed)");
Console.WriteLine($"start-to-finish       p50 {P(clientMs, 0.5):0.0} ms   p95 {P(clientMs, 0.95):0.0} ms   p99 {P(clientMs, 0.99):0.0} ms   (client: POST run → GET ?wait answers succeeded)");
Console.WriteLine($"recorded in the run   p50 {P(engineMs, 0.5):0.0} ms   p95 {P(engineMs, 0.95):0.0} ms   p99 {P(engineMs, 0.99):0.0} ms   (createdAt → finishedAt)");
if (mode == "webhook")
{
    var hookMs = hookLatencies.Order().ToArray();
    Console.WriteLine($"delivery → 202 runId  p50 {P(hookMs, 0.5):0.0} ms   p95 {P(hookMs, 0.95):0.0} ms   p99 {P(hookMs, 0.99):0.0} ms   (signature checked, run started and charged)");
}

return failures == 0 ? 0 : 1;
