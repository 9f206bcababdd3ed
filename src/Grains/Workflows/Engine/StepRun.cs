using System.Text.Json.Nodes;
using PowerAutomation.Grains.Abstractions.Workflows;

namespace PowerAutomation.Grains.Workflows.Engine;

/// <summary>What a step waits for while its status is <c>waiting</c>.</summary>
public enum WaitKind
{
    None,
    Delay,
    Signal,
    Retry,
}

/// <summary>
/// One step of a run as its history says: immutable, so the engine can work on a copy of the run and swap it in
/// only once the events behind it are durable.
/// </summary>
public sealed record StepRun(
    StepDefinition Definition,
    string Status,
    int Attempt,
    DateTimeOffset? StartedAt,
    WaitKind Wait,
    DateTimeOffset? WaitUntil,
    string? Signal,
    JsonNode? Input,
    JsonNode? Output,
    RunError? Error)
{
    public static StepRun Pending(StepDefinition definition) =>
        new(definition, RunStatuses.Pending, 0, null, WaitKind.None, null, null, null, null, null);

    public string Id => Definition.Id;

    /// <summary>Who decides a waiting <c>approval</c> (lower case), after any escalation.</summary>
    public string? Assignee { get; init; }

    /// <summary>Whether the approval was escalated to <see cref="Assignee"/>.</summary>
    public bool Escalated { get; init; }

    public bool IsActive => Status is RunStatuses.Running or RunStatuses.Waiting;

    public bool IsDone => Status is RunStatuses.Succeeded or RunStatuses.Failed or RunStatuses.Cancelled or RunStatuses.Skipped;

    /// <summary>Whether steps depending on this one are skipped: it was skipped, or it is an <c>if</c> that came out false.</summary>
    public bool SkipsDependents => Status == RunStatuses.Skipped
        || (Definition.Type == StepTypes.If && Status == RunStatuses.Succeeded && Output?["result"] is JsonValue result
            && result.TryGetValue<bool>(out var value) && !value);
}
