using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using PowerAutomation.LoadGen;

// Embeddings under concurrent load through the gateway: N callers each send one sentence at a time, so any
// batching is the worker's dynamic batching across callers. Prints sentences/s and latency per concurrency.
// usage: EmbedLoad GATEWAY_URL TOKEN SECONDS CONCURRENCY...
if (args is not [var gateway, var token, var secondsText, .. var levels] || levels.Length == 0)
{
    Console.Error.WriteLine("usage: EmbedLoad GATEWAY_URL TOKEN SECONDS CONCURRENCY...");
    return 2;
}

var duration = TimeSpan.FromSeconds(double.Parse(secondsText, CultureInfo.InvariantCulture));
using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 512, UseCookies = false }) { Timeout = TimeSpan.FromSeconds(30) };

// Varied sentences of everyday length (8-30 tokens), as an editor's search box or a chunk of prose would send.
string[] sentences =
[
    "How do I reset my password?",
    "The build failed because a package version could not be resolved from the configured feeds.",
    "Collaborative editing merges concurrent changes with operational transformation.",
    "Grains are placed on silos and deactivated when idle.",
    "Find the function that retries HTTP requests with exponential backoff and jitter.",
    "Quarterly revenue grew by twelve percent, driven mostly by the new enterprise licences.",
    "Water the tomatoes deeply once a week.",
    "A silo crash must never undo an acknowledged edit.",
];
var next = 0;
HttpRequestMessage Call()
{
    var sentence = sentences[Interlocked.Increment(ref next) % sentences.Length];
    var body = JsonSerializer.Serialize(new { model = "all-minilm-l6-v2", input = sentence });
    var request = new HttpRequestMessage(HttpMethod.Post, gateway.TrimEnd('/') + "/v1/embeddings") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
    return request;
}

await ClosedLoop.RunAsync(http, Call, 8, TimeSpan.FromSeconds(3)); // Warm-up.
Console.WriteLine("callers  sentences/s    p50 ms    p99 ms  errors");
var failures = 0;
foreach (var level in levels.Select(l => int.Parse(l, CultureInfo.InvariantCulture)))
{
    var result = await ClosedLoop.RunAsync(http, Call, level, duration);
    failures += result.Errors;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{level,7} {result.Requests / result.Elapsed.TotalSeconds,12:0.0} {result.Percentile(50),9:0.00} {result.Percentile(99),9:0.00} {result.Errors,7}"));
}

return failures == 0 ? 0 : 1;
