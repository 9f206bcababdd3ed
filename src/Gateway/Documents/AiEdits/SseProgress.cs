using System.Text.Json;

namespace PowerAutomation.Gateway.Documents.AiEdits;

/// <summary>Named SSE events in camelCase JSON, flushed one by one; the response starts with the first.</summary>
public sealed class SseProgress(HttpContext http)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public bool Started { get; private set; }

    public async Task SendAsync(string name, object data, CancellationToken cancellationToken)
    {
        if (!Started)
        {
            http.Response.StatusCode = StatusCodes.Status200OK;
            http.Response.ContentType = "text/event-stream";
            http.Response.Headers.CacheControl = "no-cache";
            http.Response.Headers["X-Accel-Buffering"] = "no";
            Started = true;
        }

        await http.Response.WriteAsync($"event: {name}\ndata: {JsonSerializer.Serialize(data, Json)}\n\n", cancellationToken);
        await http.Response.Body.FlushAsync(cancellationToken);
    }
}
