using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using PowerAutomation.Ai.Chat;
using PowerAutomation.Gateway.Agents.Tools;
using PowerAutomation.Gateway.Errors;

namespace PowerAutomation.Gateway.Agents.AgUi;

/// <summary>
/// One agent run: the model (through <see cref="AgentModel"/>, charged like any AI call) is offered the catalogue's
/// tools; each tool call it makes runs on the server as the user, its result goes back to the model, until the model
/// answers without calling tools. Steps, tokens and wall time are bounded (<see cref="AgentOptions"/>); going past one
/// ends the run with <c>RUN_ERROR</c> and a code. The caller leaving cancels the run (and the model call under way).
/// </summary>
public sealed partial class AgentRunner(AgentToolCatalog catalog, AgentModel model, IOptions<AgentOptions> options, TimeProvider time,
    ILogger<AgentRunner> logger)
{
    public const string StepLimit = "agent_step_limit";
    public const string TokenLimit = "agent_token_limit";
    public const string TimeLimit = "agent_time_limit";

    public async Task RunAsync(HttpContext http, RunAgentInput input, string system, List<ChatTurn> turns, string modelName)
    {
        var bounds = options.Value;
        var events = new AgUiEvents(http.Response);
        var abort = http.RequestAborted;
        using var timer = new CancellationTokenSource(bounds.MaxDuration, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(abort, timer.Token);
        var cancellationToken = linked.Token;
        var runId = AgentRunIds.For(input.RunId!);
        var tools = catalog.ToolsFor(http.User).Where(t => t.Group != ToolGroups.Ai).Select(t => new ToolDefinition(t.Name, t.Description, t.InputSchema)).ToList();
        var state = AgUiEvents.Clone(input.State) as JsonObject ?? [];
        var usage = ChatUsage.None;
        string? served = null;
        await events.WriteAsync(AgUiEvents.RunStarted, new JsonObject { ["threadId"] = input.ThreadId, ["runId"] = input.RunId }, abort);
        try
        {
            for (var step = 1; ; step++)
            {
                if (step > bounds.MaxSteps)
                {
                    await events.ErrorAsync(StepLimit, $"The agent stopped after {bounds.MaxSteps} model calls (Agents:MaxSteps) without finishing.", abort);
                    return;
                }

                var request = new ChatRequest(modelName, system, turns, bounds.MaxOutputTokensPerStep, null, null, [], tools, new ToolChoice("auto"), false);
                var answer = await model.CompleteAsync(http.User, $"agent:{runId:N}:{step}", request, cancellationToken);
                if (answer.Result is not { } result)
                {
                    await events.ErrorAsync(answer.Code!, answer.Message!, abort);
                    return;
                }

                served = answer.Model;
                usage = new ChatUsage(usage.InputTokens + result.Usage.InputTokens, usage.OutputTokens + result.Usage.OutputTokens);
                var text = string.Concat(result.Content.OfType<TextPart>().Select(p => p.Text));
                var calls = result.Content.OfType<ToolCallPart>().Select(c => c.Id.Length == 0 ? c with { Id = $"call_{Guid.NewGuid():N}" } : c).ToList();
                string? messageId = null;
                if (text.Length > 0)
                {
                    messageId = Guid.NewGuid().ToString();
                    await events.TextAsync(messageId, text, cancellationToken);
                }

                turns.Add(new ChatTurn(ChatRole.Assistant, [.. text.Length > 0 ? [new TextPart(text)] : Array.Empty<ChatPart>(), .. calls]));
                if (calls.Count == 0)
                {
                    await events.WriteAsync(AgUiEvents.StateSnapshot, new JsonObject { ["snapshot"] = state.DeepClone() }, cancellationToken);
                    await events.WriteAsync(AgUiEvents.RunFinished, new JsonObject
                    {
                        ["threadId"] = input.ThreadId, ["runId"] = input.RunId, ["result"] = text,
                        ["usage"] = new JsonArray(new JsonObject
                        {
                            ["model"] = served, ["inputTokens"] = usage.InputTokens, ["outputTokens"] = usage.OutputTokens, ["totalTokens"] = usage.Total,
                        }),
                    }, cancellationToken);
                    return;
                }

                if (usage.Total >= bounds.MaxTokens)
                {
                    await events.ErrorAsync(TokenLimit, $"The agent used {usage.Total} tokens, the most a run may (Agents:MaxTokens).", abort);
                    return;
                }

                var results = new List<ChatPart>();
                var changed = false;
                foreach (var call in calls)
                {
                    await events.ToolCallAsync(call.Id, call.Name, call.Arguments, messageId, cancellationToken);
                    var outcome = await RunToolAsync(http, call, new ToolActor(ToolActor.DefaultAgent, runId, served, $"agent:{runId:N}:{step}"), cancellationToken);
                    if (call.Name == "edit_document" && !outcome.IsError)
                    {
                        var documents = state["documents"] as JsonObject ?? [];
                        documents[outcome.Body["documentId"]!.ToString()] = outcome.Body["revision"]!.DeepClone();
                        state["documents"] = documents;
                        changed = true;
                    }

                    var content = outcome.Text.Length <= bounds.MaxToolResultChars
                        ? outcome.Text
                        : outcome.Text[..bounds.MaxToolResultChars] + $"… (cut at {bounds.MaxToolResultChars} characters)";
                    await events.WriteAsync(AgUiEvents.ToolCallResult, new JsonObject
                    {
                        ["messageId"] = Guid.NewGuid().ToString(), ["toolCallId"] = call.Id, ["content"] = content, ["role"] = "tool",
                    }, cancellationToken);
                    results.Add(new ToolResultPart(call.Id, content, outcome.IsError));
                }

                turns.Add(new ChatTurn(ChatRole.User, results));
                if (changed)
                {
                    await events.WriteAsync(AgUiEvents.StateSnapshot, new JsonObject { ["snapshot"] = state.DeepClone() }, cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (timer.IsCancellationRequested && !abort.IsCancellationRequested)
        {
            await events.ErrorAsync(TimeLimit, $"The agent ran past {bounds.MaxDuration} (Agents:MaxDuration).", abort);
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
            LogCallerLeft(input.RunId!);
        }
    }

    private async Task<ToolResult> RunToolAsync(HttpContext http, ToolCallPart call, ToolActor actor, CancellationToken cancellationToken)
    {
        if (catalog.Find(call.Name) is not { Group: not ToolGroups.Ai })
        {
            return ToolResult.Error(ErrorCodes.NotFound, $"There is no tool '{call.Name}' in this agent.", "name");
        }

        JsonElement arguments;
        try
        {
            using var document = JsonDocument.Parse(call.Arguments.Length == 0 ? "{}" : call.Arguments);
            arguments = document.RootElement.Clone();
        }
        catch (JsonException exception)
        {
            return ToolResult.Error(ErrorCodes.ValidationFailed, $"The arguments are not JSON: {exception.Message}", "arguments", 400);
        }

        return await catalog.InvokeAsync(call.Name, arguments, new ToolCall(http.User, default, actor, cancellationToken));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Agent run {RunId} stopped: the caller left")]
    private partial void LogCallerLeft(string runId);
}
