using System.Text.Json.Nodes;

namespace PowerAutomation.Grains.Workflows.Steps;

/// <summary>One attempt of one step: the rendered input, who the run acts as, and the attempt's idempotency key.</summary>
public sealed record StepContext(
    Guid RunId,
    string StepId,
    int Attempt,
    Guid OwnerId,
    JsonNode? Input,
    string IdempotencyKey,
    DateTimeOffset Now)
{
    /// <summary>How deep the run is below a top-level run (children of <c>workflow.run</c> steps are one deeper).</summary>
    public int Depth { get; init; }

    /// <summary>When the attempt's timeout ends (workflow time).</summary>
    public DateTimeOffset Deadline { get; init; } = DateTimeOffset.MaxValue;
}
