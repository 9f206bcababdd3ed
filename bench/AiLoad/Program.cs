using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using PowerAutomation.AiLoad;
using PowerAutomation.LoadGen;

// Gateway overhead on AI calls: the same open-loop load sent straight to a fake upstream and through the gateway,
// non-streamed (latency to the whole answer) and streamed (time to first byte), with the difference per percentile,
// for Chat Completions and for the Responses API (which the gateway translates to the upstream's chat). With a
// budgeted user's token, a last run spends that user's ai_spend budget down under load and checks it held exactly.
// usage: AiLoad serve PORT
//        AiLoad measure GATEWAY_URL UPSTREAM_URL TOKEN RATE SECONDS [BUDGET_TOKEN BUDGET_MICRO_USD CALL_COST_MICRO_USD]
if (args is ["serve", var port])
{
    await UpstreamServer.RunAsync(int.Parse(port, CultureInfo.InvariantCulture));
    return 0;
}

if (args.Length is not (6 or 9) || args[0] != "measure")
{
    Console.Error.WriteLine("usage: AiLoad serve PORT | AiLoad measure GATEWAY_URL UPSTREAM_URL TOKEN RATE SECONDS [BUDGET_TOKEN BUDGET_MICRO_USD CALL_COST_MICRO_USD]");
    return 2;
}

var (gateway, upstream, token) = (args[1].TrimEnd('/'), args[2].TrimEnd('/'), args[3]);
var rate = int.Parse(args[4], CultureInfo.InvariantCulture);
var duration = TimeSpan.FromSeconds(double.Parse(args[5], CultureInfo.InvariantCulture));
using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.FromMinutes(10), UseCookies = false })
{
    Timeout = TimeSpan.FromSeconds(10),
};

Func<HttpRequestMessage> Call(string baseUrl, string path, bool stream, string bearer) => () =>
{
    var flag = stream ? "true" : "false";
    var body = path == "/responses"
        ? $$"""{"model":"bench-model","input":"Say hello","max_output_tokens":16,"stream":{{flag}}}"""
        : $$"""{"model":"bench-model","messages":[{"role":"user","content":"Say hello"}],"max_tokens":16,"stream":{{flag}}}""";
    var request = new HttpRequestMessage(HttpMethod.Post, baseUrl + path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
    return request;
};

// Warm-up: every endpoint and mode once for a few seconds before anything is measured (JIT, pools, grains).
foreach (var (path, stream) in new[] { ("/chat/completions", false), ("/chat/completions", true), ("/responses", false), ("/responses", true) })
{
    await OpenLoop.RunAsync(http, Call(gateway, path, stream, token), rate, TimeSpan.FromSeconds(3), stream);
    await OpenLoop.RunAsync(http, Call(upstream, "/chat/completions", stream, token), rate, TimeSpan.FromSeconds(1), stream);
}

var failures = 0;
foreach (var path in new[] { "/chat/completions", "/responses" })
{
    foreach (var stream in new[] { false, true })
    {
        var what = $"POST /v1{path}, " + (stream ? "streamed, time to first byte" : "non-streamed, whole answer");
        // The upstream speaks chat only: a Responses call through the gateway is compared with the chat call it becomes.
        var direct = await OpenLoop.RunAsync(http, Call(upstream, "/chat/completions", stream, token), rate, duration, stream);
        var routed = await OpenLoop.RunAsync(http, Call(gateway, path, stream, token), rate, duration, stream);
        failures += direct.Errors + routed.Errors;
        Print(rate, what, direct, routed);
    }
}

if (args.Length == 9)
{
    failures += await SpendDownAsync(args[6], long.Parse(args[7], CultureInfo.InvariantCulture), long.Parse(args[8], CultureInfo.InvariantCulture));
}

return failures == 0 ? 0 : 1;

// The budgeted user is sent twice the calls its budget pays for, all at once at the given rate: the gateway must
// answer as many as the budget covers (reservations at the bound of each call, settled to the real cost), refuse
// the rest with 429, and the day's spend must end at most at the budget and equal to the answered calls' cost.
async Task<int> SpendDownAsync(string bearer, long budget, long callCost)
{
    var calls = (int)(2 * budget / callCost);
    var seconds = Math.Max(1.0, (double)calls / rate);
    var direct = await OpenLoop.RunAsync(http, Call(upstream, "/chat/completions", false, bearer), rate, TimeSpan.FromSeconds(seconds), false);
    var routed = await OpenLoop.RunAsync(http, Call(gateway, "/chat/completions", false, bearer), rate, TimeSpan.FromSeconds(seconds), false);
    var answered = routed.Statuses.GetValueOrDefault(200);
    var refused = routed.Statuses.GetValueOrDefault(429);
    var spent = await SpendAsync(bearer);
    var held = spent <= budget && spent == answered * callCost && answered + refused == routed.Requests;
    Print(rate, $"budgeted user, {routed.Requests} calls against a budget for {budget / callCost} (latency of every answer, 200 or 429)", direct, routed);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"  answered {answered}, refused {refused}; spent {spent} of {budget} micro-USD ({answered} × {callCost}): {(held ? "held exactly" : "NOT HELD")}"));
    return held ? 0 : 1;
}

async Task<long> SpendAsync(string bearer)
{
    using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(new Uri(gateway), "/api/v1/me/quota"));
    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
    using var response = await http.SendAsync(request);
    using var usage = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    return usage.RootElement.EnumerateArray().Where(u => u.GetProperty("kind").GetString() == "ai_spend").Select(u => u.GetProperty("used").GetInt64()).Single();
}

static void Print(int rate, string what, LoadResult direct, LoadResult routed) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""

    {rate} req/s, {what}
                direct      gateway     overhead
      p50  {direct.Percentile(50),9:0.00} ms {routed.Percentile(50),9:0.00} ms {routed.Percentile(50) - direct.Percentile(50),9:0.00} ms
      p90  {direct.Percentile(90),9:0.00} ms {routed.Percentile(90),9:0.00} ms {routed.Percentile(90) - direct.Percentile(90),9:0.00} ms
      p99  {direct.Percentile(99),9:0.00} ms {routed.Percentile(99),9:0.00} ms {routed.Percentile(99) - direct.Percentile(99),9:0.00} ms
      errors: direct {direct.Errors}, gateway {routed.Errors} (statuses {string.Join(", ", routed.Statuses.Select(s => $"{s.Key}: {s.Value}"))})
    """));
