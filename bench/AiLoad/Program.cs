using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using PowerAutomation.AiLoad;
using PowerAutomation.LoadGen;

// Gateway overhead on AI calls: the same open-loop load sent straight to a fake upstream and through the gateway,
// non-streamed (latency to the whole answer) and streamed (time to first byte), with the difference per percentile.
// usage: AiLoad serve PORT
//        AiLoad measure GATEWAY_URL UPSTREAM_URL TOKEN RATE SECONDS
if (args is ["serve", var port])
{
    await UpstreamServer.RunAsync(int.Parse(port, CultureInfo.InvariantCulture));
    return 0;
}

if (args is not ["measure", var gateway, var upstream, var token, var rateText, var secondsText])
{
    Console.Error.WriteLine("usage: AiLoad serve PORT | AiLoad measure GATEWAY_URL UPSTREAM_URL TOKEN RATE SECONDS");
    return 2;
}

var rate = int.Parse(rateText, CultureInfo.InvariantCulture);
var duration = TimeSpan.FromSeconds(double.Parse(secondsText, CultureInfo.InvariantCulture));
using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.FromMinutes(10), UseCookies = false })
{
    Timeout = TimeSpan.FromSeconds(10),
};

Func<HttpRequestMessage> Call(string baseUrl, bool stream) => () =>
{
    var body = $$"""{"model":"bench-model","messages":[{"role":"user","content":"Say hello"}],"stream":{{(stream ? "true" : "false")}}}""";
    var request = new HttpRequestMessage(HttpMethod.Post, baseUrl.TrimEnd('/') + "/chat/completions") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
    return request;
};

var failures = 0;
foreach (var stream in new[] { false, true })
{
    var what = stream ? "streamed, time to first byte" : "non-streamed, whole answer";
    await OpenLoop.RunAsync(http, Call(gateway, stream), rate, TimeSpan.FromSeconds(2), stream); // Warm-up.
    var direct = await OpenLoop.RunAsync(http, Call(upstream, stream), rate, duration, stream);
    var routed = await OpenLoop.RunAsync(http, Call(gateway, stream), rate, duration, stream);
    failures += direct.Errors + routed.Errors;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""

        {rate} req/s, {what}
                    direct      gateway     overhead
          p50  {direct.Percentile(50),9:0.00} ms {routed.Percentile(50),9:0.00} ms {routed.Percentile(50) - direct.Percentile(50),9:0.00} ms
          p90  {direct.Percentile(90),9:0.00} ms {routed.Percentile(90),9:0.00} ms {routed.Percentile(90) - direct.Percentile(90),9:0.00} ms
          p99  {direct.Percentile(99),9:0.00} ms {routed.Percentile(99),9:0.00} ms {routed.Percentile(99) - direct.Percentile(99),9:0.00} ms
          errors: direct {direct.Errors}, gateway {routed.Errors} (statuses {string.Join(", ", routed.Statuses.Select(s => $"{s.Key}: {s.Value}"))})
        """));
}

return failures == 0 ? 0 : 1;
