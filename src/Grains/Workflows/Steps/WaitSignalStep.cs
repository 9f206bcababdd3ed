using System.Text.Json.Nodes;
using PowerAutomation.Grains.Abstractions.Workflows;

namespace PowerAutomation.Grains.Workflows.Steps;

/// <summary><c>wait.signal</c>: finishes with the payload of the signal <c>name</c> (one sent earlier counts too).</summary>
public sealed class WaitSignalStep : IStepExecutor
{
    public string Type => StepTypes.WaitSignal;

    public bool HasSideEffects => false;

    public Task<StepOutcome> ExecuteAsync(StepContext context, CancellationToken cancellationToken) =>
        Task.FromResult(context.Input is JsonObject input && input["name"] is JsonValue name
                && name.TryGetValue<string>(out var text) && SignalNames.IsValid(text)
            ? new StepOutcome.WaitForSignal(text)
            : StepOutcome.Fail(WorkflowErrors.InvalidInput, "wait.signal needs input.name, a signal name.", false));
}
