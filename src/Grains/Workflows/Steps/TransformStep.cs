using System.Text.Json.Nodes;
using PowerAutomation.Grains.Abstractions.Workflows;

namespace PowerAutomation.Grains.Workflows.Steps;

/// <summary><c>transform</c>: its output is its rendered <c>value</c>; the templates did the work.</summary>
public sealed class TransformStep : IStepExecutor
{
    public string Type => StepTypes.Transform;

    public bool HasSideEffects => false;

    public Task<StepOutcome> ExecuteAsync(StepContext context, CancellationToken cancellationToken) =>
        Task.FromResult(context.Input is JsonObject input && input.TryGetPropertyValue("value", out var value)
            ? StepOutcome.Done(value?.DeepClone())
            : StepOutcome.Fail(WorkflowErrors.InvalidInput, "transform needs input.value.", false));
}
