using System.Text.Json;
using PowerAutomation.Ai.Calls;
using PowerAutomation.Ai.Chat;
using PowerAutomation.Ai.Formats;
using PowerAutomation.Ai.Routing;
using PowerAutomation.Gateway.Errors;
using PowerAutomation.Gateway.Quotas;

namespace PowerAutomation.Gateway.Ai;

/// <summary>
/// One chat call on the vendor-compatible surface, whichever endpoint: the endpoint's format parses the body,
/// <see cref="AiCalls"/> admits it (model, edition, reservation), the router sends it, and the answer goes back in
/// the caller's format (the provider's bytes as they are when it speaks the same one). The call is settled to
/// what was delivered once the caller has the whole answer, or has gone.
/// </summary>
public sealed partial class AiCallHandler(AiCalls calls, IClusterClient cluster, TimeProvider time, ILogger<AiCallHandler> logger)
{
    public const int MaxBodyBytes = 4 * 1024 * 1024;

    /// <summary>Which model (an alias's target) and which provider served the call, on every answer that reached one.</summary>
    public const string ServedModelHeader = "X-PA-Model";
    public const string ProviderHeader = "X-PA-Provider";

    /// <summary>Headers of the caller that Anthropic providers get as they are.</summary>
    private static readonly string[] AnthropicHeaders = ["anthropic-beta", "anthropic-version"];

    public async Task HandleAsync(HttpContext http, IChatFormat format, string? task = null)
    {
        using var document = await AiRequestBody.ReadAsync(http, MaxBodyBytes);
        if (document is null)
        {
            return;
        }

        ChatRequest request;
        try
        {
            request = format.ParseRequest(document.RootElement);
        }
        catch (ChatFormatException exception)
        {
            await VendorProblemWriter.WriteAsync(http, 400, ErrorCodes.InvalidRequest, exception.Message);
            return;
        }

        var (caller, callerError) = await AiCallers.OfAsync(http, cluster, task);
        if (caller is null)
        {
            await VendorProblemWriter.WriteAsync(http, 400, ErrorCodes.InvalidRequest, callerError!);
            return;
        }

        var (call, refusal) = await calls.AdmitAsync(caller, format, request);
        if (call is null)
        {
            await AiRefusals.WriteAsync(http, refusal!, time);
            return;
        }

        QuotaResponses.WriteHeaders(http.Response, call.Reserved.Requests, time.GetUtcNow());
        var outcome = AiCallOutcome.Failed;
        try
        {
            outcome = await CallAsync(http, call, document.RootElement);

            // The caller has the whole answer before the bookkeeping is written.
            await http.Response.CompleteAsync();
        }
        catch (Exception) when (http.RequestAborted.IsCancellationRequested)
        {
            // The caller hung up while the answer was completed; it is settled as delivered or not below.
        }
        finally
        {
            await call.FinishAsync(outcome);
        }
    }

    private async Task<AiCallOutcome> CallAsync(HttpContext http, AiCall call, JsonElement body)
    {
        try
        {
            using var upstream = await call.SendAsync(body, PassHeaders(http), http.RequestAborted);
            http.Response.Headers[ServedModelHeader] = upstream.Model;
            http.Response.Headers[ProviderHeader] = upstream.Provider.Name;
            if (!upstream.Succeeded)
            {
                var detail = await upstream.Response.Content.ReadAsStringAsync(upstream.Token);
                await VendorProblemWriter.WriteAsync(http, (int)upstream.Response.StatusCode, "provider_rejected",
                    $"{upstream.Provider.Name} refused the request: {UpstreamMessage(detail)}");
                return AiCallOutcome.Failed;
            }

            return call.Request.Stream
                ? await AiStreaming.RelayAsync(http, call, upstream, time)
                : await RespondAsync(http, call, upstream);
        }
        catch (RoutingException exception)
        {
            LogCallFailed(call.Route.Requested, exception.Message);
            if (exception.RetryAfter is { } retryAfter)
            {
                http.Response.Headers.RetryAfter = Math.Max(1, (long)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            await VendorProblemWriter.WriteAsync(http, exception.Status, exception.Code, exception.Message);
            return AiCallOutcome.Failed;
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            return AiCallOutcome.Cancelled; // The caller left before the answer; the upstream call was cancelled with it.
        }
    }

    private async Task<AiCallOutcome> RespondAsync(HttpContext http, AiCall call, UpstreamCall upstream)
    {
        byte[] bytes;
        ChatResult result;
        try
        {
            (bytes, result) = await call.ReadAnswerAsync(upstream);
        }
        catch (Exception exception) when (exception is JsonException or ChatFormatException)
        {
            upstream.Complete(true, "unreadable answer: " + exception.Message);
            await VendorProblemWriter.WriteAsync(http, 502, RoutingCodes.ProviderError, $"{upstream.Provider.Name} sent an unreadable answer.");
            return AiCallOutcome.Failed;
        }

        upstream.Complete(false);
        http.Response.ContentType = "application/json";
        var answer = call.ProviderFormat == call.Format
            ? bytes // Same format: the provider's answer, byte for byte.
            : JsonSerializer.SerializeToUtf8Bytes(call.Format.WriteResponse(result, time.GetUtcNow().ToUnixTimeSeconds()));
        try
        {
            await http.Response.Body.WriteAsync(answer, http.RequestAborted);
        }
        catch (Exception) when (http.RequestAborted.IsCancellationRequested)
        {
            // The answer was complete and sent; a caller that hung up while it travelled still pays for it.
        }

        return AiCallOutcome.Completed(result.Usage);
    }

    private static Dictionary<string, string>? PassHeaders(HttpContext http)
    {
        Dictionary<string, string>? headers = null;
        foreach (var name in AnthropicHeaders)
        {
            if (http.Request.Headers[name].ToString() is { Length: > 0 and <= 1024 } value)
            {
                (headers ??= new(StringComparer.OrdinalIgnoreCase))[name] = value;
            }
        }

        return headers;
    }

    /// <summary>The message inside a vendor error body, whichever vendor's shape it has.</summary>
    private static string UpstreamMessage(string body)
    {
        try
        {
            using var error = JsonDocument.Parse(body);
            var root = error.RootElement;
            var inner = root.Property("error") ?? root;
            return inner.OptionalString("message", "error") ?? body;
        }
        catch (JsonException)
        {
            return body.Length > 300 ? body[..300] : body;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "AI call for {Model} failed: {Message}")]
    private partial void LogCallFailed(string model, string message);
}
