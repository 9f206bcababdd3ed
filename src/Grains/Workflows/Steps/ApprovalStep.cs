using System.Text.Json.Nodes;
using PowerAutomation.Grains.Abstractions.Workflows;

namespace PowerAutomation.Grains.Workflows.Steps;

/// <summary>
/// <c>approval</c> <c>{assignee, message, timeout?, escalateTo?}</c>: waits for the assignee's decision. The run grain
/// puts it in the assignee's inbox (which mails them); the engine escalates or fails it when the timeout passes.
/// </summary>
public sealed class ApprovalStep : IStepExecutor
{
    public string Type => StepTypes.Approval;

    public bool HasSideEffects => false;

    public Task<StepOutcome> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
    {
        if (context.Input is not JsonObject input || Text(input, "assignee") is not { } assignee || !StepInputRules.IsEmail(assignee))
        {
            return Task.FromResult(StepOutcome.Fail(WorkflowErrors.InvalidInput, "input.assignee must be an e-mail address.", false));
        }

        if (Text(input, "escalateTo") is { } escalateTo && !StepInputRules.IsEmail(escalateTo))
        {
            return Task.FromResult(StepOutcome.Fail(WorkflowErrors.InvalidInput, "input.escalateTo must be an e-mail address.", false));
        }

        if (input["timeout"] is not null && TimeoutOf(input) is not { } timeout)
        {
            return Task.FromResult(StepOutcome.Fail(WorkflowErrors.InvalidInput, "input.timeout must be a positive ISO 8601 duration.", false));
        }

        return Task.FromResult<StepOutcome>(new StepOutcome.WaitForApproval(assignee.ToLowerInvariant(), TimeoutOf(input)));
    }

    /// <summary>The escalation address of a recorded approval input, lower case, if it has one.</summary>
    public static string? EscalationOf(JsonNode? input) => input is JsonObject obj ? Text(obj, "escalateTo")?.ToLowerInvariant() : null;

    /// <summary>The timeout of a (rendered or recorded) approval input: an ISO 8601 duration or seconds, above zero.</summary>
    public static TimeSpan? TimeoutOf(JsonNode? input) =>
        input is JsonObject { } obj && obj["timeout"] is { } given
        && Durations.TryRead(System.Text.Json.JsonSerializer.SerializeToElement(given), out var timeout) && timeout > TimeSpan.Zero ? timeout : null;

    public static string SignalName(string stepId) => $"approval:{stepId}";

    private static string? Text(JsonObject input, string name) =>
        input[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
