using System.Text.Json;
using System.Text.Json.Nodes;
using PowerAutomation.Ai.Calls;
using PowerAutomation.Ai.Chat;
using PowerAutomation.Ai.Formats;
using PowerAutomation.Ai.Routing;
using PowerAutomation.Grains.Abstractions.Identity;
using PowerAutomation.Grains.Abstractions.Workflows;

namespace PowerAutomation.Grains.Workflows.Steps;

/// <summary>
/// <c>ai.chat</c>: <c>{model, messages, maxTokens?}</c> as the run's owner, through the same call path as the
/// gateway's AI endpoints (<see cref="AiCalls"/>: aliases and task routes, the owner's edition, one reservation of
/// requests, tokens and money, settled to the reported usage, a usage row); <c>model</c> may be <c>auto</c> for the
/// <c>workflow</c> task's route. Output <c>{content, model, usage, costMicroUsd}</c>.
/// </summary>
public sealed class AiChatStep(AiCalls calls, IGrainFactory grains) : IStepExecutor
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
        var caller = new AiCaller(context.OwnerId, edition, $"run:{context.RunId:N}:{context.StepId}:{context.Attempt}", Task: AiTasks.Workflow);
        var (call, refusal) = await calls.AdmitAsync(caller, ChatFormats.OpenAiChat, request);
        if (call is null)
        {
            return refusal!.Quota is not null
                ? StepOutcome.Fail(WorkflowErrors.QuotaExceeded, refusal.Message, true)
                : StepOutcome.Fail(WorkflowErrors.AiFailed, refusal.Message, false);
        }

        var outcome = AiCallOutcome.Failed;
        try
        {
            using var upstream = await call.SendAsync(null, null, cancellationToken);
            if (!upstream.Succeeded)
            {
                upstream.Complete(false);
                return StepOutcome.Fail(WorkflowErrors.AiFailed, $"{upstream.Provider.Name} refused the request ({(int)upstream.Response.StatusCode}).", false);
            }

            var (_, result) = await call.ReadAnswerAsync(upstream);
            upstream.Complete(false);
            outcome = AiCallOutcome.Completed(result.Usage);
            return StepOutcome.Done(new JsonObject
            {
                ["content"] = string.Concat(result.Content.OfType<TextPart>().Select(p => p.Text)),
                ["model"] = upstream.Model,
                ["usage"] = new JsonObject
                {
                    ["inputTokens"] = result.Usage.InputTokens,
                    ["outputTokens"] = result.Usage.OutputTokens,
                    ["totalTokens"] = result.Usage.Total,
                },
                ["costMicroUsd"] = calls.Prices.CostMicroUsd(upstream.Model, result.Usage),
            });
        }
        catch (RoutingException exception)
        {
            return StepOutcome.Fail(WorkflowErrors.AiFailed, exception.Message, exception.Status >= 500);
        }
        catch (Exception exception) when (exception is JsonException or ChatFormatException)
        {
            return StepOutcome.Fail(WorkflowErrors.AiFailed, $"The provider sent an unreadable answer: {exception.Message}", true);
        }
        finally
        {
            await call.FinishAsync(outcome);
        }
    }

    private static ChatRequest? Request(JsonNode? input)
    {
        if (input is not JsonObject obj || obj["model"] is not JsonValue modelValue || !modelValue.TryGetValue<string>(out var model)
            || obj["messages"] is not JsonArray messages || messages.Count == 0)
        {
            return null;
        }

        var parsed = new List<(string? Role, string Content)>(messages.Count);
        foreach (var message in messages)
        {
            var role = (message?["role"] as JsonValue)?.TryGetValue<string>(out var r) == true ? r : null;
            var content = (message?["content"] as JsonValue)?.TryGetValue<string>(out var c) == true ? c : null;
            if (content is null)
            {
                return null;
            }

            parsed.Add((role, content));
        }

        int? maxTokens = obj["maxTokens"] is JsonValue max && max.TryGetValue<int>(out var m) && m > 0 ? m : null;
        return PlainChat.Request(model, parsed, maxTokens);
    }
}
