using System.Text.Json.Nodes;
using PowerAutomation.Grains.Abstractions.Workflows;

namespace PowerAutomation.Grains.Workflows.Engine;

/// <summary>
/// The events of one durable write, numbered after the run's last, and what they do to step statuses, so the batch
/// can end the run in the same write when its last step finishes or a step fails for good.
/// </summary>
internal sealed class RunBatch(RunState state, DateTimeOffset now, RunLimits limits)
{
    private readonly Dictionary<string, string> _status = [];
    private readonly Dictionary<string, int> _attempt = [];
    private readonly Dictionary<string, JsonNode?> _outputs = [];
    private readonly Dictionary<string, int> _signalsTaken = [];
    private RunError? _failure;

    public List<RunEvent> Events { get; } = [];

    public void Add(string type, string? stepId, int? attempt, JsonObject? data)
    {
        Events.Add(new RunEvent(state.LastSeq + Events.Count + 1, type, stepId, attempt, now, data?.ToJsonString()));
        if (type == RunEventTypes.StepStarted)
        {
            _attempt[stepId!] = attempt!.Value;
            _status[stepId!] = RunStatuses.Running;
        }
        else if (type == RunEventTypes.StepCancelled)
        {
            _status[stepId!] = RunStatuses.Cancelled;
        }
        else if (type == RunEventTypes.StepSkipped)
        {
            _status[stepId!] = RunStatuses.Skipped;
        }
    }

    /// <summary>The step's output is recorded, unless it is over the value bounds: then the step fails for good.</summary>
    public void Succeed(string stepId, JsonNode? output)
    {
        if (ValueMeter.Check(output, limits, "The step's output") is { } refused)
        {
            AttemptFailed(stepId, refused with { StepId = stepId }, false);
            return;
        }

        Add(RunEventTypes.StepSucceeded, stepId, AttemptOf(stepId), new JsonObject { ["output"] = output });
        _status[stepId] = RunStatuses.Succeeded;
        _outputs[stepId] = output;
    }

    /// <summary>Retried after the policy's backoff while attempts remain and the error allows it; else the step fails.</summary>
    public void AttemptFailed(string stepId, RunError error, bool retryable)
    {
        var attempt = AttemptOf(stepId);
        var errorNode = new JsonObject { ["code"] = error.Code, ["message"] = error.Message, ["stepId"] = stepId };
        if (retryable && state.Step(stepId).Definition.Retry.DelayAfter(attempt) is { } delay)
        {
            Add(RunEventTypes.StepAttemptFailed, stepId, attempt, new JsonObject { ["error"] = errorNode, ["retryAt"] = now + delay });
            _status[stepId] = RunStatuses.Waiting;
            return;
        }

        Add(RunEventTypes.StepFailed, stepId, attempt, new JsonObject { ["error"] = errorNode });
        _status[stepId] = RunStatuses.Failed;
        _failure ??= error with { StepId = stepId };
    }

    /// <summary>Ends the run now with <paramref name="error"/>: every active step is cancelled, then the run fails.</summary>
    public void Abort(RunError error)
    {
        foreach (var step in state.Steps.Where(s => s.IsActive))
        {
            Add(RunEventTypes.StepCancelled, step.Id, step.Attempt, null);
        }

        Add(RunEventTypes.RunFailed, null, null, new JsonObject
        {
            ["error"] = new JsonObject { ["code"] = error.Code, ["message"] = error.Message, ["stepId"] = error.StepId },
        });
    }

    /// <summary>The oldest received signal of this name not yet taken by a step (in the history or this batch).</summary>
    public (string Name, JsonNode? Payload)? TakeSignal(string name)
    {
        var skip = _signalsTaken.GetValueOrDefault(name);
        var match = state.PendingSignals.Where(s => s.Name == name).Skip(skip).Select(s => ((string, JsonNode?)?)s).FirstOrDefault();
        if (match is not null)
        {
            _signalsTaken[name] = skip + 1;
        }

        return match;
    }

    /// <summary>Ends the run when a step failed for good (cancelling the others) or every step has succeeded or was skipped.</summary>
    public void Finish()
    {
        if (state.IsFinished)
        {
            return;
        }

        var failure = _failure ?? state.Steps.FirstOrDefault(s => s.Status == RunStatuses.Failed)?.Error;
        if (failure is not null)
        {
            foreach (var step in state.Steps.Where(s => StatusOf(s) is RunStatuses.Running or RunStatuses.Waiting))
            {
                Add(RunEventTypes.StepCancelled, step.Id, AttemptOf(step.Id), null);
            }

            Add(RunEventTypes.RunFailed, null, null, new JsonObject
            {
                ["error"] = new JsonObject { ["code"] = failure.Code, ["message"] = failure.Message, ["stepId"] = failure.StepId },
            });
            return;
        }

        if (state.Steps.All(s => StatusOf(s) is RunStatuses.Succeeded or RunStatuses.Skipped))
        {
            Add(RunEventTypes.RunSucceeded, null, null, new JsonObject { ["output"] = RunOutput(state.Definition) });
        }
    }

    private string StatusOf(StepRun step) => _status.GetValueOrDefault(step.Id, step.Status);

    private int AttemptOf(string stepId) => _attempt.TryGetValue(stepId, out var attempt) ? attempt : state.Step(stepId).Attempt;

    private JsonNode? OutputOf(string stepId) => _outputs.TryGetValue(stepId, out var output) ? output : state.Step(stepId).Output;

    /// <summary>API.md: the output of the one final step, or an object keyed by step id when there are several.</summary>
    private JsonNode? RunOutput(WorkflowDefinition definition)
    {
        var finals = definition.FinalSteps();
        if (finals.Count == 1)
        {
            return OutputOf(finals[0].Id)?.DeepClone();
        }

        var output = new JsonObject();
        foreach (var step in finals)
        {
            output[step.Id] = OutputOf(step.Id)?.DeepClone();
        }

        return output;
    }
}
