using System.Text.Json.Nodes;
using PowerAutomation.Grains.Abstractions.Workflows;

namespace PowerAutomation.Grains.Workflows.Steps;

/// <summary>What an attempt came to: an output, a failure (maybe worth retrying), or a wait the engine keeps.</summary>
public abstract record StepOutcome
{
    public static StepOutcome Done(JsonNode? output) => new Completed(output);

    public static StepOutcome Fail(string code, string message, bool retryable) => new Failed(new RunError(code, message, null), retryable);

    public sealed record Completed(JsonNode? Output) : StepOutcome;

    public sealed record Failed(RunError Error, bool Retryable) : StepOutcome;

    /// <summary>Finish with <c>{}</c> at <paramref name="Until"/> (a delay).</summary>
    public sealed record WaitUntil(DateTimeOffset Until) : StepOutcome;

    /// <summary>Wait for <paramref name="Assignee"/>'s decision, for at most <paramref name="Timeout"/> when it is set.</summary>
    public sealed record WaitForApproval(string Assignee, TimeSpan? Timeout) : StepOutcome;

    /// <summary>Finish with the payload of the next signal of this name.</summary>
    public sealed record WaitForSignal(string Name) : StepOutcome;
}
