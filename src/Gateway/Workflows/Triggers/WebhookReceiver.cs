using System.Buffers;
using Microsoft.AspNetCore.Http.HttpResults;
using PowerAutomation.Gateway.Errors;
using PowerAutomation.Grains.Abstractions.Workflows;
using PowerAutomation.Grains.Abstractions.Workflows.Triggers;

namespace PowerAutomation.Gateway.Workflows.Triggers;

/// <summary>
/// <c>POST /api/v1/hooks/{triggerId}</c>: reads the raw body (bounded: the signature covers these exact bytes), keeps
/// the headers a workflow may use, and hands both to the trigger, which checks the signature and starts the run.
/// </summary>
public static class WebhookReceiver
{
    public const int MaxBodyBytes = 256 * 1024;
    public const string SignatureHeader = "X-PA-Signature";
    public const string TimestampHeader = "X-PA-Timestamp";

    private const int MaxHeaders = 50;
    private const int MaxHeaderValueLength = 1024;

    /// <summary>Credentials and hop-by-hop headers stay out of the run's input.</summary>
    private static readonly HashSet<string> Withheld = new(StringComparer.OrdinalIgnoreCase)
    {
        "Authorization", "Cookie", "Proxy-Authorization", SignatureHeader, "Connection", "Keep-Alive", "Transfer-Encoding", "Upgrade",
    };

    public static async Task<Results<Accepted<RunStarted>, ProblemHttpResult>> Receive(
        Guid triggerId, HttpRequest request, IClusterClient cluster, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes || await ReadBodyAsync(request, cancellationToken) is not { } body)
        {
            return Problems.Create(StatusCodes.Status413PayloadTooLarge, TriggerErrors.PayloadTooLarge,
                $"A webhook body is at most {MaxBodyBytes / 1024} KiB.");
        }

        var headers = request.Headers
            .Where(h => !Withheld.Contains(h.Key))
            .Take(MaxHeaders)
            .ToDictionary(h => h.Key.ToLowerInvariant(), h => Truncate(h.Value.ToString()));
        var delivery = new WebhookDelivery(body, Single(request, SignatureHeader), Single(request, TimestampHeader), headers);
        var answer = await cluster.GetGrain<ITriggerGrain>(triggerId).Hook(delivery);
        return answer switch
        {
            { RunId: { } runId } => TypedResults.Accepted($"/api/v1/runs/{runId}", new RunStarted(runId)),
            { Error: TriggerErrors.InvalidSignature } => Problems.Unauthorized(TriggerErrors.InvalidSignature,
                $"{SignatureHeader} must be sha256=<hex HMAC-SHA256 of the raw body under the trigger's secret>."),
            { Error: TriggerErrors.StaleTimestamp } => Problems.Unauthorized(TriggerErrors.StaleTimestamp,
                $"{TimestampHeader} (Unix seconds, signed as \"{{timestamp}}.{{body}}\") must be within 5 minutes of now."),
            { Error: WorkflowErrors.QuotaExceeded } => Problems.Create(StatusCodes.Status429TooManyRequests, WorkflowErrors.QuotaExceeded,
                "The workflow owner's daily workflow_runs allowance is used up."),
            { Error: ChargedRunStarts.NotLicensed } => Problems.Create(StatusCodes.Status403Forbidden, ChargedRunStarts.NotLicensed,
                "The workflow owner's edition does not include workflow runs."),
            { Error: WorkflowErrors.NotFound or TriggerErrors.WorkflowGone } => Problems.NotFound("No such webhook."),
            { Error: var error } => WorkflowProblems.For(error!),
        };
    }

    /// <summary>The body, or null when it is longer than <see cref="MaxBodyBytes"/> (read no further than that).</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>();
        while (true)
        {
            var memory = buffer.GetMemory(16 * 1024);
            var read = await request.Body.ReadAsync(memory, cancellationToken);
            if (read == 0)
            {
                return buffer.WrittenSpan.ToArray();
            }

            buffer.Advance(read);
            if (buffer.WrittenCount > MaxBodyBytes)
            {
                return null;
            }
        }
    }

    private static string? Single(HttpRequest request, string name) =>
        request.Headers.TryGetValue(name, out var values) && values.Count == 1 ? values[0] : null;

    private static string Truncate(string value) => value.Length <= MaxHeaderValueLength ? value : value[..MaxHeaderValueLength];
}
