using System.Globalization;
using System.Net.Http.Headers;
using System.Text;

namespace PowerAutomation.LoadGen;

/// <summary>
/// MCP <c>read_document</c> under open-loop load, beside the REST read of the same document at the same rate in the
/// same run (the peer an integrator would call instead): <c>POST /mcp</c> <c>tools/call</c> over Streamable HTTP on a
/// few initialized sessions, round robin, against <c>GET /api/v1/documents/{id}/content</c>.
/// </summary>
public static class McpReadLoad
{
    private const string Protocol = "2025-06-18";

    /// <summary>usage: mcp-read BASE DOCUMENT_ID RATE SECONDS --token T [--sessions N] [--warmup S]</summary>
    public static async Task<int> RunAsync(string[] args, Func<string[], string, string?> option)
    {
        var baseUrl = args[1].TrimEnd('/');
        var documentId = args[2];
        var rate = int.Parse(args[3], CultureInfo.InvariantCulture);
        var duration = TimeSpan.FromSeconds(double.Parse(args[4], CultureInfo.InvariantCulture));
        var token = option(args, "--token") ?? throw new ArgumentException("--token is required");
        var sessionCount = int.Parse(option(args, "--sessions") ?? "8", CultureInfo.InvariantCulture);
        var warmup = TimeSpan.FromSeconds(double.Parse(option(args, "--warmup") ?? "3", CultureInfo.InvariantCulture));

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64, UseCookies = false }) { Timeout = TimeSpan.FromSeconds(10) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var sessions = new string[sessionCount];
        for (var i = 0; i < sessionCount; i++)
        {
            sessions[i] = await InitializeAsync(http, baseUrl);
        }

        var call = """{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"read_document","arguments":{"documentId":"ID"}}}""".Replace("ID", documentId, StringComparison.Ordinal);
        var next = 0;
        HttpRequestMessage Mcp()
        {
            var message = Post(baseUrl, call);
            message.Headers.Add("Mcp-Session-Id", sessions[Interlocked.Increment(ref next) % sessions.Length]);
            return message;
        }

        // One call first: a tool error is an HTTP 200, so the load's statuses alone would not show it.
        using (var probe = await http.SendAsync(Mcp()))
        {
            var body = await probe.Content.ReadAsStringAsync();
            if (!probe.IsSuccessStatusCode || !body.Contains("\"result\"", StringComparison.Ordinal) || body.Contains("\"isError\":true", StringComparison.Ordinal))
            {
                Console.Error.WriteLine($"read_document does not answer: {(int)probe.StatusCode} {body}");
                return 1;
            }
        }

        HttpRequestMessage Rest() => new(HttpMethod.Get, $"{baseUrl}/api/v1/documents/{documentId}/content");
        var results = new List<(string Name, LoadResult Result)>();
        foreach (var (name, request) in new (string, Func<HttpRequestMessage>)[] { ("REST GET …/content", Rest), ("MCP tools/call read_document", Mcp) })
        {
            Console.WriteLine($"warming up {name}: {warmup.TotalSeconds:0} s at {rate}/s …");
            await OpenLoop.RunAsync(http, request, rate, warmup, firstByte: false);
            Console.WriteLine($"measuring {name}: {duration.TotalSeconds:0} s at {rate}/s");
            var result = await OpenLoop.RunAsync(http, request, rate, duration, firstByte: false);
            Console.WriteLine(result.Describe());
            results.Add((name, result));
        }

        var (rest, mcp) = (results[0].Result, results[1].Result);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"MCP over REST at {rate}/s: p50 {mcp.Percentile(50):0.00} vs {rest.Percentile(50):0.00} ms ({mcp.Percentile(50) / rest.Percentile(50):0.0}×), p99 {mcp.Percentile(99):0.00} vs {rest.Percentile(99):0.00} ms ({mcp.Percentile(99) / rest.Percentile(99):0.0}×)"));
        return rest.Errors + mcp.Errors == 0 ? 0 : 1;
    }

    private static HttpRequestMessage Post(string baseUrl, string json)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, $"{baseUrl}/mcp") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        message.Headers.Accept.ParseAdd("application/json");
        message.Headers.Accept.ParseAdd("text/event-stream");
        message.Headers.Add("MCP-Protocol-Version", Protocol);
        return message;
    }

    /// <summary>The initialize handshake; answers the session id the server gave.</summary>
    private static async Task<string> InitializeAsync(HttpClient http, string baseUrl)
    {
        using var initialize = Post(baseUrl,
            """{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"VERSION","capabilities":{},"clientInfo":{"name":"mcp-load","version":"1.0"}}}""".Replace("VERSION", Protocol, StringComparison.Ordinal));
        using var response = await http.SendAsync(initialize);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode || !response.Headers.TryGetValues("Mcp-Session-Id", out var ids))
        {
            throw new InvalidOperationException($"initialize failed: {(int)response.StatusCode} {body}");
        }

        var session = ids.First();
        using var initialized = Post(baseUrl, """{"jsonrpc":"2.0","method":"notifications/initialized"}""");
        initialized.Headers.Add("Mcp-Session-Id", session);
        (await http.SendAsync(initialized)).Dispose();
        return session;
    }
}
