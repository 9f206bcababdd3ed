using System.Text.Json;
using System.Text.Json.Nodes;
using PowerAutomation.Grains.Abstractions.Workflows;

namespace PowerAutomation.Grains.Workflows.Steps;

/// <summary><c>delay</c>: waits for its ISO 8601 <c>duration</c>; the due time is recorded, so the wait survives restarts.</summary>
public sealed class DelayStep : IStepExecutor
{
    public string Type => StepTypes.Delay;

    public bool HasSideEffects => false;

    public Task<StepOutcome> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
    {
        var duration = context.Input is JsonObject input && input.TryGetPropertyValue("duration", out var node) && node is not null
            ? JsonSerializer.SerializeToElement(node)
            : default;
        return Task.FromResult(Durations.TryRead(duration, out var wait)
            ? new StepOutcome.WaitUntil(context.Now + wait)
            : StepOutcome.Fail(WorkflowErrors.InvalidInput, "delay needs input.duration, an ISO 8601 duration such as PT5S.", false));
    }
}
