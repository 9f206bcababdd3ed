using System.Text.Json;
using System.Text.Json.Nodes;
using PowerAutomation.Ai.Chat;
using PowerAutomation.Ai.Protocols;
using PowerAutomation.Ai.Routing;
using PowerAutomation.Grains.Abstractions.Identity;
using PowerAutomation.Grains.Abstractions.Quotas;
using PowerAutomation.Grains.Abstractions.Workflows;

namespace PowerAutomation.Grains.Workflows.Steps;

/// <summary>
/// <c>ai.chat</c>: <c>{model, messages, maxTokens?}</c> through the model router, as the run's owner: the model must be
/// allowed by the owner's edition, and the call takes <c>ai_requests</c> and reserves its token bound in <c>ai_tokens</c>
/// as the gateway's AI endpoints do (<see cref="TokenBound"/>; trued up to the reported usage after, everything
/// refunded when the call fails). Output <c>{content, usage}</c>.
/// </summary>
public sealed class AiChatStep(ModelRouter router, IGrainFactory grains, TimeProvider time) : IStepExecutor
{
    public string Type => StepTypes.AiChat;

    public bool HasSideEffects => true;

    public async Task<StepOutcome> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
    {
        if (Request(context.Input) is not { } request)
        {
            return StepOutcome.Fail(WorkflowErrors.InvalidInput, "input needs model and messages [{role, content}], maxTokens optional.", false);
        }

        var edition = (await grains.GetGrain<IUserGrain>(context.OwnerId).GetEntitlements()).Edition;
        switch (router.Access(request.Model, edition))
        {
            case ModelAccess.Unknown:
                return StepOutcome.Fail(WorkflowErrors.AiFailed, $"The model '{request.Model}' does not exist.", false);
            case ModelAccess.NotInEdition:
                return StepOutcome.Fail(WorkflowErrors.AiFailed, $"The {edition} edition may not use '{request.Model}'.", false);
        }

        request = request with { MaxTokens = TokenBound.OutputBound(request) };
        var reserved = TokenBound.Reservation(request);
        var quota = grains.GetGrain<IQuotaGrain>(QuotaKeys.ForUser(context.OwnerId));
        var (requestsDecision, refused) = await quota.ReserveAiCallAsync(reserved, time);
        var consumedAt = time.GetUtcNow();
        if (refused is not null)
        {
            return StepOutcome.Fail(WorkflowErrors.QuotaExceeded, requestsDecision.Allowed
                ? $"The call may use up to {reserved} ai_tokens and {refused.Remaining} of {refused.Limit} remain today."
                : $"The {refused.Kind} quota ({refused.Limit}) is used up.", true);
        }

        try
        {
            var (content, usage) = await CallAsync(request, edition, cancellationToken);
            await quota.TrueUpAsync(QuotaKinds.AiTokens, reserved, Math.Max(1, usage.Total), consumedAt);

            return StepOutcome.Done(new JsonObject
            {
                ["content"] = content,
                ["usage"] = new JsonObject
                {
                    ["inputTokens"] = usage.InputTokens,
                    ["outputTokens"] = usage.OutputTokens,
                    ["totalTokens"] = usage.Total,
                },
            });
        }
        catch (RoutingException exception)
        {
            await RefundAsync(quota, reserved, consumedAt);
            return StepOutcome.Fail(WorkflowErrors.AiFailed, exception.Message, exception.Status >= 500);
        }
        catch (Exception exception) when (exception is ProviderAnswerException or JsonException or ChatFormatException)
        {
            await RefundAsync(quota, reserved, consumedAt);
            return StepOutcome.Fail(WorkflowErrors.AiFailed, exception.Message, exception is not ProviderAnswerException { Retryable: false });
        }
        catch
        {
            await RefundAsync(quota, reserved, consumedAt);
            throw;
        }
    }

    private async Task<(string Content, ChatUsage Usage)> CallAsync(ChatRequest request, string edition, CancellationToken cancellationToken)
    {
        using var call = await router.SendAsync(request.Model, edition, provider => provider.Endpoint.Chat(provider.Endpoint.Protocol switch
        {
            AiProtocol.Anthropic => AnthropicMessagesFormat.WriteRequest(request, request.Model),
            AiProtocol.Gemini => GeminiFormat.WriteRequest(request),
            _ => OpenAiChatFormat.WriteRequest(request, request.Model),
        }, request.Model, false), false, cancellationToken);
        var bytes = await call.Response.Content.ReadAsByteArrayAsync(call.Token);
        if (!call.Succeeded)
        {
            call.Complete(false);
            throw new ProviderAnswerException($"{call.Provider.Name} refused the request ({(int)call.Response.StatusCode}).", false);
        }

        using var answer = JsonDocument.Parse(bytes);
        var result = call.Provider.Endpoint.Protocol switch
        {
            AiProtocol.Anthropic => AnthropicMessagesFormat.ParseResponse(answer.RootElement),
            AiProtocol.Gemini => GeminiFormat.ParseResponse(answer.RootElement, request.Model),
            _ => OpenAiChatFormat.ParseResponse(answer.RootElement),
        };
        call.Complete(false);
        return (string.Concat(result.Content.OfType<TextPart>().Select(p => p.Text)), result.Usage);
    }

    private static ChatRequest? Request(JsonNode? input)
    {
        if (input is not JsonObject obj || obj["model"] is not JsonValue modelValue || !modelValue.TryGetValue<string>(out var model)
            || obj["messages"] is not JsonArray messages || messages.Count == 0)
        {
            return null;
        }

        var system = new List<string>();
        var turns = new List<ChatTurn>();
        foreach (var message in messages)
        {
            var role = (message?["role"] as JsonValue)?.TryGetValue<string>(out var r) == true ? r : null;
            var content = (message?["content"] as JsonValue)?.TryGetValue<string>(out var c) == true ? c : null;
            if (content is null)
            {
                return null;
            }

            switch (role)
            {
                case "system":
                    system.Add(content);
                    break;
                case "user":
                    turns.Add(new ChatTurn(ChatRole.User, [new TextPart(content)]));
                    break;
                case "assistant":
                    turns.Add(new ChatTurn(ChatRole.Assistant, [new TextPart(content)]));
                    break;
                default:
                    return null;
            }
        }

        int? maxTokens = obj["maxTokens"] is JsonValue max && max.TryGetValue<int>(out var m) && m > 0 ? m : null;
        return turns.Count == 0 ? null
            : new ChatRequest(model, system.Count == 0 ? null : string.Join("\n\n", system), turns, maxTokens, null, null, [], [], null, false);
    }

    /// <summary>A call that produced nothing gives back its request and its whole token reservation.</summary>
    private static async Task RefundAsync(IQuotaGrain quota, long tokens, DateTimeOffset consumedAt)
    {
        await quota.Refund(QuotaKinds.AiRequests, 1, consumedAt);
        await quota.Refund(QuotaKinds.AiTokens, tokens, consumedAt);
    }

    private sealed class ProviderAnswerException(string message, bool retryable) : Exception(message)
    {
        public bool Retryable { get; } = retryable;
    }
}
