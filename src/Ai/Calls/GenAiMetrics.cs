using System.Diagnostics;
using System.Diagnostics.Metrics;
using PowerAutomation.Grains.Abstractions.Ai;

namespace PowerAutomation.Ai.Calls;

/// <summary>
/// Every finished AI call as OpenTelemetry's GenAI client metrics: <c>gen_ai.client.operation.duration</c> (seconds)
/// and <c>gen_ai.client.token.usage</c> (tokens, by <c>gen_ai.token.type</c>), with the semantic conventions'
/// advised bucket boundaries, by operation, provider (the configured name), requested and served model; failed
/// calls carry <c>error.type</c>. Time to first token of streamed calls is <c>pa.ai.time_to_first_token</c>.
/// One record per usage row, so each call is counted once wherever it ran (gateway or silo).
/// </summary>
public sealed class GenAiMetrics : IDisposable
{
    public const string MeterName = "PowerAutomation.Ai.GenAi";

    private static readonly double[] SecondsBuckets = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92, 163.84, 327.68];
    private static readonly double[] TokenBuckets = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864];

    private readonly Meter _meter = new(MeterName);
    private readonly Histogram<double> _duration;
    private readonly Histogram<double> _tokens;
    private readonly Histogram<double> _firstToken;

    public GenAiMetrics()
    {
        _duration = _meter.CreateHistogram("gen_ai.client.operation.duration", "s", "GenAI operation duration",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });
        _tokens = _meter.CreateHistogram("gen_ai.client.token.usage", "{token}", "Tokens used per call, input and output",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = TokenBuckets });
        _firstToken = _meter.CreateHistogram("pa.ai.time_to_first_token", "s", "Time from the call's admission to its first delivered token",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });
    }

    /// <summary>The operation name the conventions use for one of our endpoints (formats).</summary>
    public static string OperationOf(string endpoint) => endpoint switch
    {
        "completions" => "text_completion",
        "embeddings" => "embeddings",
        _ => "chat",
    };

    public void Record(AiUsageRecord call)
    {
        var tags = new TagList
        {
            { "gen_ai.operation.name", OperationOf(call.Endpoint) },
            { "gen_ai.provider.name", call.Provider ?? "none" },
            { "gen_ai.request.model", call.ModelRequested },
            { "gen_ai.response.model", call.ModelServed ?? "none" },
        };
        if (call.Status is AiUsageStatuses.Failed or AiUsageStatuses.Cancelled)
        {
            tags.Add("error.type", call.Status);
        }

        _duration.Record(call.LatencyMs / 1000.0, tags);
        if (call.Status is AiUsageStatuses.Ok or AiUsageStatuses.Partial)
        {
            var input = tags;
            input.Add("gen_ai.token.type", "input");
            _tokens.Record(call.InputTokens, input);
            var output = tags;
            output.Add("gen_ai.token.type", "output");
            _tokens.Record(call.OutputTokens, output);
        }

        if (call.TimeToFirstTokenMs is { } first && call.Streamed)
        {
            _firstToken.Record(first / 1000.0, tags);
        }
    }

    public void Dispose() => _meter.Dispose();
}

/// <summary>A usage sink that also records the call's GenAI metrics, in front of the sink that stores the row.</summary>
public sealed class MeteredAiUsageSink(IAiUsageSink inner, GenAiMetrics metrics) : IAiUsageSink
{
    public void Record(AiUsageRecord record)
    {
        metrics.Record(record);
        inner.Record(record);
    }
}
