using PowerAutomation.Ai.Calls;
using PowerAutomation.Ai.Routing;
using PowerAutomation.Gateway.Ai;
using PowerAutomation.Gateway.Errors;
using PowerAutomation.Gateway.Identity;
using PowerAutomation.Gateway.Quotas;
using PowerAutomation.Grains.Abstractions.Ai;
using PowerAutomation.Grains.Abstractions.Quotas;
using PowerAutomation.Grains.Abstractions.ModelWorkers;

namespace PowerAutomation.Gateway.Embeddings;

/// <summary>
/// <c>POST /v1/embeddings</c>: the model is checked against the caller's edition through the router's provider
/// table (where it is a <c>local</c> provider), quota is taken as for chat, and the texts go to the least-loaded
/// model worker. The most tokens the model could read are reserved as <c>ai_tokens</c> first
/// (<see cref="ModelNames.MiniLmTokenBound"/>), then trued up to the tokens it read; a refused call gives its units back.
/// </summary>
public sealed partial class EmbeddingsHandler(ModelRouter router, ModelWorkerClient workers, IClusterClient cluster, IAiUsageSink usage, TimeProvider time,
    ILogger<EmbeddingsHandler> logger)
{
    public const int MaxBodyBytes = 4 * 1024 * 1024;

    public async Task HandleAsync(HttpContext http)
    {
        using var document = await AiRequestBody.ReadAsync(http, MaxBodyBytes);
        if (document is null)
        {
            return;
        }

        var (request, error) = EmbeddingsRequest.Parse(document.RootElement, ModelNames.MiniLmDimensions);
        if (request is null)
        {
            await VendorProblemWriter.WriteAsync(http, 400, ErrorCodes.InvalidRequest, error!);
            return;
        }

        var (caller, callerError) = await AiCallers.OfAsync(http, cluster, null);
        if (caller is null)
        {
            await VendorProblemWriter.WriteAsync(http, 400, ErrorCodes.InvalidRequest, callerError!);
            return;
        }

        var edition = caller.Edition;
        var access = router.Catalog.Resolve(request.Model, edition, null, out _);
        if (access == ModelAccess.Unknown || !router.Catalog.ServedLocally(request.Model) || request.Model != ModelNames.MiniLm)
        {
            await VendorProblemWriter.WriteAsync(http, 404, RoutingCodes.ModelNotFound,
                $"'{request.Model}' is not an embeddings model served here; use '{ModelNames.MiniLm}'.");
            return;
        }

        if (access == ModelAccess.NotInEdition)
        {
            await VendorProblemWriter.WriteAsync(http, 403, RoutingCodes.ModelNotAllowed, $"The {edition} edition may not use '{request.Model}'.");
            return;
        }

        // Embeddings run on the cluster's own workers and cost no money: a request and the token bound are reserved.
        var reservation = new AiReservationRequest(Math.Max(1, request.Inputs.Sum(input => (long)ModelNames.MiniLmTokenBound(input))), 0);
        var quota = cluster.GetGrain<IQuotaGrain>(QuotaKeys.ForUser(caller.UserId));
        var started = time.GetTimestamp();
        var reserved = await quota.ReserveAi(reservation);
        if (!reserved.Granted)
        {
            await AiRefusals.WriteAsync(http, AiRefusal.QuotaExceeded(reserved, reservation), time);
            return;
        }

        QuotaResponses.WriteHeaders(http.Response, reserved.Requests, time.GetUtcNow());
        var answer = await workers.EmbedAsync(request.Model, request.Inputs);
        if (answer.Refusal is { } refusal)
        {
            LogRefused(request.Inputs.Length, refusal);
            await quota.SettleAi(new AiSettlement(reservation, reserved.ReservedAt, false, 0, 0));
            Record(caller, request.Model, 0, started, AiUsageStatuses.Failed);
            http.Response.Headers.RetryAfter = "1";
            await VendorProblemWriter.WriteAsync(http, 503, refusal, refusal == ModelWorkerErrors.Overloaded
                ? "Every worker of the model is at its queue limit; retry shortly."
                : "No worker of the model is running in the cluster; retry shortly.");
            return;
        }

        try
        {
            await EmbeddingsResponse.WriteAsync(http.Response, request.Model, answer, request.Base64, http.RequestAborted);
            await http.Response.CompleteAsync();
        }
        catch (Exception) when (http.RequestAborted.IsCancellationRequested)
        {
            // The vectors were computed and sent; a caller that hung up while they travelled still pays for them.
        }
        finally
        {
            await quota.SettleAi(new AiSettlement(reservation, reserved.ReservedAt, true, Math.Max(1, answer.TotalTokens), 0));
            Record(caller, request.Model, answer.TotalTokens, started, AiUsageStatuses.Ok);
        }
    }

    private void Record(AiCaller caller, string model, long tokens, long started, string status) =>
        usage.Record(new AiUsageRecord(caller.RequestId, time.GetUtcNow(), caller.UserId, caller.ApiKeyId, "embeddings", model, model, "model-workers",
            tokens, 0, 0, 0, (int)time.GetElapsedTime(started).TotalMilliseconds, null, status, false, caller.Edition));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Embeddings for {Count} inputs refused: {Refusal}")]
    private partial void LogRefused(int count, string refusal);
}
