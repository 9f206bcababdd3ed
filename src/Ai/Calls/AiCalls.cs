using Microsoft.Extensions.Logging;
using PowerAutomation.Ai.Billing;
using PowerAutomation.Ai.Chat;
using PowerAutomation.Ai.Formats;
using PowerAutomation.Ai.Routing;
using PowerAutomation.Grains.Abstractions.Quotas;

namespace PowerAutomation.Ai.Calls;

/// <summary>
/// The one way into an AI call, for the gateway's endpoints and the workflow <c>ai.chat</c> step alike: resolve the
/// model for the caller's edition and task (aliases, task routes), hold the provider to an output bound, reserve
/// the call's most (a request, its token bound, its dearest cost, the key's share) in one quota-grain call, and hand
/// back an <see cref="AiCall"/> that sends, and settles and records once, whatever happens.
/// </summary>
public sealed partial class AiCalls(ModelRouter router, AiPrices prices, IGrainFactory grains, IAiUsageSink usage, TimeProvider time, ILogger<AiCalls> logger)
{
    public ModelRouter Router => router;

    /// <summary>Admits the call, or says why not; nothing is reserved when it is refused.</summary>
    public async Task<(AiCall? Call, AiRefusal? Refusal)> AdmitAsync(AiCaller caller, IChatFormat format, ChatRequest request)
    {
        switch (router.Catalog.Resolve(request.Model, caller.Edition, caller.Task, out var route))
        {
            case ModelAccess.Unknown:
                return (null, new AiRefusal(404, RoutingCodes.ModelNotFound, request.Model is "" or ModelCatalog.Auto
                    ? $"No model is configured for the task '{caller.Task ?? ModelCatalog.DefaultTask}' (Ai:Routing:Tasks)."
                    : $"The model '{request.Model}' does not exist."));
            case ModelAccess.NotInEdition:
                return (null, new AiRefusal(403, RoutingCodes.ModelNotAllowed, $"The {caller.Edition} edition may not use '{request.Model}'."));
        }

        if (route.Targets.Any(router.Catalog.ServedLocally))
        {
            return (null, new AiRefusal(400, "invalid_request",
                $"'{request.Model}' is an embeddings model served by the model-worker pool; use /v1/embeddings."));
        }

        // The provider is held to the output bound that is reserved, whether or not the caller set one.
        request = request with { MaxTokens = TokenBound.OutputBound(request) };
        var input = TokenBound.EstimateInput(request);
        var reservation = new AiReservationRequest(input + request.MaxTokens!.Value,
            prices.MaxCostMicroUsd(route.Targets, input, request.MaxTokens.Value),
            caller.KeySpendLimit is null ? null : caller.ApiKeyId, caller.KeySpendLimit);
        var quota = grains.GetGrain<IQuotaGrain>(QuotaKeys.ForUser(caller.UserId));
        var started = time.GetTimestamp();

        // Not cancellable: a reservation granted while the caller left must still be settled, so it is awaited whole.
        var reserved = await quota.ReserveAi(reservation);
        if (!reserved.Granted)
        {
            return (null, AiRefusal.QuotaExceeded(reserved, reservation));
        }

        return (new AiCall(this, caller, format, request, route, input, quota, reservation, reserved, started), null);
    }

    internal TimeProvider Time => time;

    public AiPrices Prices => prices;

    internal IAiUsageSink Usage => usage;

    internal void SettleFailed(AiCaller caller, Exception exception) => LogSettleFailed(caller.UserId, caller.RequestId, exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Settling the AI reservation of user {UserId} (request {RequestId}) failed; the reservation stands as charged")]
    private partial void LogSettleFailed(Guid userId, string requestId, Exception exception);
}
