using PowerAutomation.Ai.Chat;
using PowerAutomation.Ai.Protocols;
using PowerAutomation.Ai.Routing;

namespace PowerAutomation.Gateway.Ai;

/// <summary>
/// Relays a provider's stream as SSE in the caller's format, flushed event by event. Events pass through verbatim
/// when the formats match (read only to learn the usage), else are translated. A stream that breaks after it
/// started ends with an error event: it cannot be retried, the caller already has part of it.
/// </summary>
public static class AiStreaming
{
    public static async Task<(bool Succeeded, ChatUsage Usage)> RelayAsync(HttpContext http, AiProtocol protocol, UpstreamCall call, string model, TimeProvider time)
    {
        var source = call.Provider.Endpoint.Protocol;
        var reader = IChatStreamReader.For(source, model);
        var writer = IChatStreamWriter.For(protocol, model, time.GetUtcNow().ToUnixTimeSeconds());
        var passThrough = source == protocol;
        var usage = ChatUsage.None;

        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers["X-Accel-Buffering"] = "no";
        AiSetup.DisableBuffering(http);
        await http.Response.StartAsync(call.Token);

        string? failure = null;
        try
        {
            await using var body = await call.Response.Content.ReadAsStreamAsync(call.Token);
            await foreach (var sse in ServerSentEvents.ReadAsync(body, call.Token))
            {
                var deltas = reader.Read(sse);
                foreach (var delta in deltas)
                {
                    usage = delta switch
                    {
                        StartDelta start when start.InputTokens > 0 => usage with { InputTokens = start.InputTokens },
                        FinishDelta { Usage: { } reported } => new ChatUsage(Math.Max(usage.InputTokens, reported.InputTokens), reported.OutputTokens),
                        _ => usage,
                    };
                }

                if (passThrough)
                {
                    await http.Response.WriteAsync(sse.ToWire(), call.Token);
                }
                else
                {
                    foreach (var written in deltas.SelectMany(writer.Write))
                    {
                        await http.Response.WriteAsync(written.ToWire(), call.Token);
                    }
                }

                await http.Response.Body.FlushAsync(call.Token);
            }

            if (!passThrough)
            {
                foreach (var written in writer.Complete())
                {
                    await http.Response.WriteAsync(written.ToWire(), call.Token);
                }
            }
        }
        catch (Exception exception) when (!http.RequestAborted.IsCancellationRequested
            && exception is UpstreamStreamException or IOException or HttpRequestException or System.Text.Json.JsonException or ChatFormatException)
        {
            failure = exception.Message;
            await http.Response.WriteAsync(writer.Error(RoutingCodes.ProviderError, $"{call.Provider.Name} broke off the answer: {failure}").ToWire());
        }

        await http.Response.Body.FlushAsync();
        call.Complete(failure is not null, failure);
        return (failure is null, usage);
    }
}
