using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using PowerAutomation.Grains.Abstractions.Workflows;

namespace PowerAutomation.Grains.Workflows.Steps;

/// <summary>
/// <c>workflow.run</c> <c>{workflowId, input?}</c>: starts the latest version of another of the owner's workflows as a
/// child run (charged like any run, linked to its parent in its first event, one level deeper) and answers the child's
/// output when it succeeds. The child's id is derived from the parent's run, step and attempt, so an attempt resumed
/// after a crash finds the child it started instead of starting another. Cancelling the parent cancels the child
/// (<see cref="WorkflowRunGrain"/>); an attempt that times out cancels its child before the next attempt starts one.
/// </summary>
public sealed class WorkflowRunStep(IGrainFactory grains, WorkflowClock clock, IOptions<WorkflowOptions> options) : IStepExecutor
{
    private static readonly TimeSpan WaitSlice = TimeSpan.FromSeconds(20);

    public string Type => StepTypes.WorkflowRun;

    public bool HasSideEffects => true;

    public static Guid ChildRunId(Guid parentRunId, string stepId, int attempt) =>
        IdempotentStarts.Derive($"pa.child-run\n{parentRunId:N}\n{stepId}\n{attempt}");

    public async Task<StepOutcome> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
    {
        if (context.Input is not JsonObject input || input["workflowId"] is not JsonValue idValue
            || !idValue.TryGetValue<string>(out var idText) || !Guid.TryParse(idText, out var workflowId))
        {
            return StepOutcome.Fail(WorkflowErrors.InvalidInput, "input.workflowId must be a workflow id.", false);
        }

        if (context.Depth + 1 > options.Value.MaxRunDepth)
        {
            return StepOutcome.Fail(WorkflowErrors.DepthExceeded,
                $"A child run would be {context.Depth + 1} levels deep; Workflows:MaxRunDepth allows {options.Value.MaxRunDepth}.", false);
        }

        if (await grains.GetGrain<IWorkflowGrain>(workflowId).Get(context.OwnerId, null) is not { } workflow)
        {
            return StepOutcome.Fail(WorkflowErrors.NotFound, $"Workflow {workflowId} does not exist, or is not the run owner's.", false);
        }

        var childId = ChildRunId(context.RunId, context.StepId, context.Attempt);
        var child = grains.GetGrain<IWorkflowRunGrain>(childId);
        var started = await ChargedRunStarts.StartAsync(grains, childId, new RunStart(workflow.WorkflowId, workflow.Version,
            workflow.DefinitionJson, input["input"]?.ToJsonString() ?? "{}", context.OwnerId, context.RunId, context.Depth + 1), clock.Time);
        if (started.Error is not (null or WorkflowErrors.AlreadyStarted))
        {
            return StepOutcome.Fail(started.Error, $"The child run could not start: {started.Error}.", started.Error == WorkflowErrors.QuotaExceeded);
        }

        try
        {
            var view = await child.WaitUntilFinished(context.OwnerId, WaitSlice);
            while (view is not null && !RunStatuses.IsFinished(view.Status))
            {
                cancellationToken.ThrowIfCancellationRequested();
                view = await child.WaitUntilFinished(context.OwnerId, WaitSlice).WaitAsync(cancellationToken);
            }

            return view switch
            {
                null => StepOutcome.Fail(WorkflowErrors.ChildFailed, $"Child run {childId} is gone.", false),
                { Status: RunStatuses.Succeeded } => StepOutcome.Done(view.OutputJson is { } output ? JsonNode.Parse(output) : null),
                _ => StepOutcome.Fail(WorkflowErrors.ChildFailed,
                    $"Child run {childId} {view.Status}" + (view.Error is { } error ? $": {error.Code}: {error.Message}" : "."), true),
            };
        }
        catch (OperationCanceledException) when (clock.Time.GetUtcNow() >= context.Deadline)
        {
            // This attempt timed out: its child goes too, so a retry's new child is the only one running.
            await child.Cancel(context.OwnerId);
            throw;
        }
    }
}
