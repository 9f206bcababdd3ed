using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using PowerAutomation.Grains.Abstractions.Workflows;

namespace PowerAutomation.Grains.Workflows.Steps;

/// <summary>
/// <c>delay</c>: waits for its ISO 8601 <c>duration</c>; the due time is recorded, so the wait survives restarts. A
/// duration longer than <c>Workflows:MaxDelay</c> is refused at save, and here when a template rendered it.
/// </summary>
public sealed class DelayStep(IOptions<WorkflowOptions> options) : IStepExecutor
{
    public string Type => StepTypes.Delay;

    public bool HasSideEffects => false;

    public Task<StepOutcome> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
    {
        var duration = context.Input is JsonObject input && input.TryGetPropertyValue("duration", out var node) && node is not null
            ? JsonSerializer.SerializeToElement(node)
            : default;
        var longest = options.Value.MaxDelay;
        return Task.FromResult(!Durations.TryRead(duration, out var wait)
            ? StepOutcome.Fail(WorkflowErrors.InvalidInput, "delay needs input.duration, an ISO 8601 duration such as PT5S.", false)
            : wait > longest
                ? StepOutcome.Fail(WorkflowErrors.InvalidInput, $"input.duration is longer than {Durations.Write(longest)}, the longest delay allowed (Workflows:MaxDelay).", false)
                : new StepOutcome.WaitUntil(context.Now + wait));
    }
}
