using Microsoft.AspNetCore.Http.HttpResults;
using PowerAutomation.Gateway.Errors;
using PowerAutomation.Grains.Abstractions.Workflows;

namespace PowerAutomation.Gateway.Workflows;

/// <summary>Problems for workflow refusals; a bad definition names its first offending step and lists every error.</summary>
public static class WorkflowProblems
{
    public const string WorkflowsNotLicensed = ChargedRunStarts.NotLicensed;

    /// <summary><c>invalid_workflow</c>, or <c>invalid_json</c> (<paramref name="code"/>) when a number was sent as a string.</summary>
    public static ProblemHttpResult InvalidDefinition(IReadOnlyList<DefinitionError> errors, string? code = null)
    {
        var first = code is null ? null : errors.FirstOrDefault(e => e.Code == code);
        var step = first?.StepId ?? errors.FirstOrDefault(e => e.StepId is not null)?.StepId;
        return Problems.Create(StatusCodes.Status400BadRequest, code ?? WorkflowErrors.InvalidWorkflow,
            first?.Message ?? (errors.Count == 0 ? "The definition is not valid." : errors[0].Message),
            new Dictionary<string, object?>
            {
                ["step"] = step,
                ["errors"] = errors.Select(e => new { step = e.StepId, field = e.Field, message = e.Message }).ToList(),
            });
    }

    public static ProblemHttpResult For(string error) => error switch
    {
        WorkflowErrors.RunFinished => Problems.Conflict(WorkflowErrors.RunFinished, "The run has already finished."),
        WorkflowErrors.RunNotFailed => Problems.Conflict(WorkflowErrors.RunNotFailed, "Only a failed run can be retried; this one has not failed."),
        WorkflowErrors.TooManyEvents => Problems.Conflict(WorkflowErrors.TooManyEvents, "The run has recorded as many events as it may."),
        WorkflowErrors.InvalidWorkflow => Problems.BadRequest(WorkflowErrors.InvalidWorkflow, "The workflow's definition is not valid."),
        WorkflowErrors.ValueTooLarge => Problems.BadRequest(WorkflowErrors.ValueTooLarge, "The value is larger than the cluster allows (Workflows:MaxValueBytes)."),
        WorkflowErrors.ValueTooDeep => Problems.BadRequest(WorkflowErrors.ValueTooDeep, "The value nests deeper than the cluster allows (Workflows:MaxValueDepth)."),
        WorkflowErrors.InvalidText => Problems.BadRequest(WorkflowErrors.InvalidText, "The value holds a string that is not text (a lone surrogate or U+0000)."),
        WorkflowErrors.RunTooLarge => Problems.Conflict(WorkflowErrors.RunTooLarge, "The run's history has no room for this (Workflows:MaxRunHistoryBytes)."),
        _ => Problems.NotFound("No such run or workflow, or it is not yours."),
    };
}
