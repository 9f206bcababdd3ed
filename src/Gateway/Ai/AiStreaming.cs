using PowerAutomation.Ai.Calls;
using PowerAutomation.Ai.Chat;
using PowerAutomation.Ai.Protocols;
using PowerAutomation.Ai.Routing;

namespace PowerAutomation.Gateway.Ai;

/// <summary>
/// Relays a provider's stream as SSE in the caller's format, flushed event by event. Events pass through verbatim
/// when the formats match (read only to learn the usage), else are translated. A stream that breaks after it
/// started ends with an error event: it cannot be retried, the caller already has part of it. Once any event
/// reached the caller the call is billed, even if the caller then hangs up or the provider breaks off: what was
/// delivered is charged at the reported usage, or at an estimate where the stream ended before the usage came.
/// </summary>
public static class AiStreaming
{
    public static async Task<AiCallOutcome> RelayAsync(HttpContext http, AiCall call, UpstreamCall upstream, TimeProvider time)
    {
        var reader = call.ProviderFormat.StreamReader(upstream.Model);
        var writer = call.Format.StreamWriter(upstream.Model, time.GetUtcNow().ToUnixTimeSeconds());
        var passThrough = call.ProviderFormat == call.Format;
        var meter = new StreamMeter();

        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers["X-Accel-Buffering"] = "no";
        AiSetup.DisableBuffering(http);

        string? failure = null;
        try
        {
            await http.Response.StartAsync(upstream.Token);
            await using var body = await upstream.Response.Content.ReadAsStreamAsync(upstream.Token);
            await foreach (var sse in ServerSentEvents.ReadAsync(body, upstream.Token))
            {
                var deltas = reader.Read(sse);
                meter.Add(deltas);
                if (passThrough)
                {
                    await http.Response.WriteAsync(sse.ToWire(), upstream.Token);
                }
                else
                {
                    foreach (var written in deltas.SelectMany(writer.Write))
                    {
                        await http.Response.WriteAsync(written.ToWire(), upstream.Token);
                    }
                }

                await http.Response.Body.FlushAsync(upstream.Token);
                if (meter.HasContent && !meter.Delivered)
                {
                    meter.Delivered = true;
                    call.FirstTokenDelivered();
                }
            }

            if (!passThrough)
            {
                foreach (var written in writer.Complete())
                {
                    await http.Response.WriteAsync(written.ToWire(), upstream.Token);
                }
            }

            await http.Response.Body.FlushAsync(upstream.Token);
        }
        catch (Exception exception) when (!http.RequestAborted.IsCancellationRequested
            && exception is UpstreamStreamException or IOException or HttpRequestException or System.Text.Json.JsonException or ChatFormatException)
        {
            failure = exception.Message;
            await http.Response.WriteAsync(writer.Error(RoutingCodes.ProviderError, $"{upstream.Provider.Name} broke off the answer: {failure}").ToWire());
            await http.Response.Body.FlushAsync();
        }
        catch (Exception) when (http.RequestAborted.IsCancellationRequested)
        {
            // The caller hung up; what it already received is still billed.
            upstream.Complete(false);
            return AiCallOutcome.BrokenOff(meter.Delivered, meter.Usage(call.InputEstimate), callerLeft: true);
        }

        upstream.Complete(failure is not null, failure);
        return failure is null ? AiCallOutcome.Completed(meter.Usage(call.InputEstimate))
            : AiCallOutcome.BrokenOff(meter.Delivered, meter.Usage(call.InputEstimate), callerLeft: false);
    }

    /// <summary>What a stream has carried so far: reported usage, and the text it delivered for when none is reported.</summary>
    private sealed class StreamMeter
    {
        private ChatUsage _reported = ChatUsage.None;
        private bool _usageReported;
        private int _characters;
        private int _contentDeltas;

        public bool Delivered { get; set; }

        public bool HasContent => _contentDeltas > 0;

        public void Add(IEnumerable<ChatDelta> deltas)
        {
            foreach (var delta in deltas)
            {
                switch (delta)
                {
                    case StartDelta start when start.InputTokens > 0:
                        _reported = _reported with { InputTokens = start.InputTokens };
                        break;
                    case FinishDelta { Usage: { } usage }:
                        _reported = new ChatUsage(Math.Max(_reported.InputTokens, usage.InputTokens), usage.OutputTokens, usage.CachedInputTokens);
                        _usageReported = true;
                        break;
                    case TextDelta text:
                        _characters += text.Text.Length;
                        _contentDeltas++;
                        break;
                    case ToolCallDelta tool:
                        _characters += tool.Arguments.Length + (tool.Name?.Length ?? 0);
                        _contentDeltas++;
                        break;
                }
            }
        }

        public ChatUsage Usage(long inputEstimate)
        {
            if (_usageReported)
            {
                return _reported;
            }

            // Cut short before the provider said what it used: the input as estimated (or as the start reported),
            // the output at least one token per content event delivered.
            var input = _reported.InputTokens > 0 ? _reported.InputTokens : inputEstimate;
            return new ChatUsage(input, Math.Max(_contentDeltas, TokenBound.EstimateText(_characters)));
        }
    }
}
