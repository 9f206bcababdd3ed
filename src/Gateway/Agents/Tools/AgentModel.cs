using System.Security.Claims;
using System.Text.Json;
using PowerAutomation.Ai.Calls;
using PowerAutomation.Ai.Chat;
using PowerAutomation.Ai.Formats;
using PowerAutomation.Ai.Routing;
using PowerAutomation.Gateway.Identity;
using PowerAutomation.Grains.Abstractions.Identity;

namespace PowerAutomation.Gateway.Agents.Tools;

/// <summary>
/// A chat call made for an agent (the <c>chat</c> tool, each step of an agent run) through the gateway's one AI call
/// path, <see cref="AiCalls"/>: the caller's edition and the key's own AI budget, aliases and task routes, one
/// reservation of requests, tokens and money settled to the reported usage, and a usage row, exactly as a call to
/// <c>/v1/chat/completions</c> is charged.
/// </summary>
public sealed class AgentModel(AiCalls calls, IClusterClient cluster)
{
    /// <summary>The task agent calls route by (<c>Ai:Routing:Tasks:agent</c>) when the model is <c>auto</c>.</summary>
    public const string Task = "agent";

    public async Task<ModelAnswer> CompleteAsync(ClaimsPrincipal user, string requestId, ChatRequest request, CancellationToken cancellationToken)
    {
        var userId = user.UserId();
        var edition = (await cluster.GetGrain<IUserGrain>(userId).GetEntitlements()).Edition;
        var caller = new AiCaller(userId, edition, requestId, user.FindFirst(GatewayClaims.ApiKey)?.Value, ApiKeyLimits.AiSpendPerDay(user), Task);
        var (call, refusal) = await calls.AdmitAsync(caller, ChatFormats.OpenAiChat, request with { Stream = false });
        if (call is null)
        {
            return ModelAnswer.Failed(refusal!.Code, refusal.Message);
        }

        var outcome = AiCallOutcome.Failed;
        try
        {
            using var upstream = await call.SendAsync(null, null, cancellationToken);
            if (!upstream.Succeeded)
            {
                upstream.Complete(false);
                return ModelAnswer.Failed("provider_rejected", $"{upstream.Provider.Name} refused the request ({(int)upstream.Response.StatusCode}).");
            }

            var (_, result) = await call.ReadAnswerAsync(upstream);
            upstream.Complete(false);
            outcome = AiCallOutcome.Completed(result.Usage);
            return new ModelAnswer(result, upstream.Model, null, null);
        }
        catch (RoutingException exception)
        {
            return ModelAnswer.Failed(exception.Code, exception.Message);
        }
        catch (Exception exception) when (exception is JsonException or ChatFormatException)
        {
            return ModelAnswer.Failed(RoutingCodes.ProviderError, $"The provider sent an unreadable answer: {exception.Message}");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            outcome = AiCallOutcome.Cancelled;
            throw;
        }
        finally
        {
            await call.FinishAsync(outcome);
        }
    }
}
