namespace PowerAutomation.AiLoad;

/// <summary>
/// A minimal OpenAI-protocol upstream that answers at once, so measured latency is the gateway's own cost plus
/// the loopback hops: a fixed JSON completion, or a five-chunk SSE stream.
/// </summary>
public static class UpstreamServer
{
    private const string Completion =
        """{"id":"chatcmpl-bench","object":"chat.completion","created":1,"model":"bench-model","choices":[{"index":0,"message":{"role":"assistant","content":"Hello from the bench upstream"},"finish_reason":"stop"}],"usage":{"prompt_tokens":8,"completion_tokens":6,"total_tokens":14}}""";

    public static async Task RunAsync(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        app.MapGet("/v1/models", () => Results.Json(new { data = Array.Empty<object>() }));
        app.MapPost("/v1/chat/completions", async (HttpContext http) =>
        {
            using var body = await System.Text.Json.JsonDocument.ParseAsync(http.Request.Body);
            var stream = body.RootElement.TryGetProperty("stream", out var s) && s.ValueKind == System.Text.Json.JsonValueKind.True;
            if (!stream)
            {
                http.Response.ContentType = "application/json";
                await http.Response.WriteAsync(Completion);
                return;
            }

            http.Response.ContentType = "text/event-stream";
            foreach (var word in new[] { "Hello", " from", " the", " bench", " upstream" })
            {
                await http.Response.WriteAsync(
                    $$"""data: {"id":"chatcmpl-bench","object":"chat.completion.chunk","created":1,"model":"bench-model","choices":[{"index":0,"delta":{"content":"{{word}}"},"finish_reason":null}]}""" + "\n\n");
                await http.Response.Body.FlushAsync();
            }

            await http.Response.WriteAsync("""data: {"id":"chatcmpl-bench","object":"chat.completion.chunk","created":1,"model":"bench-model","choices":[],"usage":{"prompt_tokens":8,"completion_tokens":6,"total_tokens":14}}""" + "\n\ndata: [DONE]\n\n");
        });
        Console.WriteLine($"bench upstream on http://127.0.0.1:{port}/v1");
        await app.RunAsync();
    }
}
