using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using PowerAutomation.LoadGen;

// Open-loop HTTP load: requests are started on a fixed schedule whatever the server does, and each latency is
// measured from its scheduled start, so a stalled server shows up in the tail (no coordinated omission).
// usage: LoadGen URL RATE SECONDS [--token T] [--connections N] [--warmup S]
//        LoadGen mcp-read BASE DOCUMENT_ID RATE SECONDS --token T [--sessions N] [--warmup S]
if (args.Length >= 5 && args[0] == "mcp-read")
{
    return await McpReadLoad.RunAsync(args, Option);
}

if (args.Length < 3)
{
    Console.Error.WriteLine("usage: LoadGen URL REQUESTS_PER_SECOND SECONDS [--token T] [--connections N] [--warmup SECONDS]");
    return 2;
}

var url = new Uri(args[0]);
var rate = int.Parse(args[1], CultureInfo.InvariantCulture);
var seconds = double.Parse(args[2], CultureInfo.InvariantCulture);
var token = Option(args, "--token");
var connections = int.Parse(Option(args, "--connections") ?? "64", CultureInfo.InvariantCulture);
var warmup = double.Parse(Option(args, "--warmup") ?? "3", CultureInfo.InvariantCulture);

using var http = new HttpClient(new SocketsHttpHandler
{
    MaxConnectionsPerServer = connections,
    PooledConnectionLifetime = TimeSpan.FromMinutes(10),
    UseCookies = false,
})
{ Timeout = TimeSpan.FromSeconds(10) };
if (token is not null)
{
    http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
}

Console.WriteLine($"warming up {warmup:0} s at {rate} req/s …");
await OpenLoop.RunAsync(http, url, rate, TimeSpan.FromSeconds(warmup));
Console.WriteLine($"measuring {seconds:0} s at {rate} req/s against {url}");
var result = await OpenLoop.RunAsync(http, url, rate, TimeSpan.FromSeconds(seconds));
Console.WriteLine(result.Describe());
return result.Errors == 0 ? 0 : 1;

static string? Option(string[] args, string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}
