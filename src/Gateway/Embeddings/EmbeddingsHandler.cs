using PowerAutomation.Ai.Routing;
using PowerAutomation.Gateway.Ai;
using PowerAutomation.Gateway.Errors;
using PowerAutomation.Gateway.Identity;
using PowerAutomation.Grains.Abstractions.Identity;
using PowerAutomation.Grains.Abstractions.ModelWorkers;

namespace PowerAutomation.Gateway.Embeddings;

/// <summary>
/// <c>POST /v1/embeddings</c>: the model is checked against the caller's edition through the router's provider
/// table (where it is a <c>local</c> provider), quota is taken as for chat, and the texts go to the least-loaded
/// model worker. The most tokens the model could read are reserved as <c>ai_tokens</c> first
/// (<see cref="ModelNames.MiniLmTokenBound"/>), then trued up to the tokens it read; a refused call gives its units back.
/// </summary>
public sealed class EmbeddingsHandler(ModelRouter router, AiQuota quota, ModelWorkerClient workers, IClusterClient cluster, ILogger<EmbeddingsHandler> logger)
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

        var edition = (await cluster.GetGrain<IUserGrain>(http.User.UserId()).GetEntitlements()).Edition;
        var access = router.Access(request.Model, edition);
        if (access == ModelAccess.Unknown || !router.ServedLocally(request.Model) || request.Model != ModelNames.MiniLm)
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

        if (await quota.TakeAsync(http, request.Inputs.Sum(input => (long)ModelNames.MiniLmTokenBound(input))) is not { } ticket)
        {
            return;
        }

        var answer = await workers.EmbedAsync(request.Model, request.Inputs);
        if (answer.Refusal is { } refusal)
        {
            logger.LogWarning("Embeddings for {Count} inputs refused: {Refusal}", request.Inputs.Length, refusal);
            await ticket.SettleAsync(delivered: false, 0);
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
            await ticket.SettleAsync(delivered: true, answer.TotalTokens);
        }
    }
}
