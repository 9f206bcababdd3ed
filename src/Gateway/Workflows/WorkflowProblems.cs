using Microsoft.AspNetCore.Http.HttpResults;
using PowerAutomation.Gateway.Errors;
using PowerAutomation.Grains.Abstractions.Workflows;

namespace PowerAutomation.Gateway.Workflows;

/// <summary>Problems for workflow refusals; a bad definition names its first offending step and lists every error.</summary>
public static class WorkflowProblems
{
    public const string WorkflowsNotLicensed = "workflows_not_licensed";

    public static ProblemHttpResult InvalidDefinition(IReadOnlyList<DefinitionError> errors)
    {
        var step = errors.FirstOrDefault(e => e.StepId is not null)?.StepId;
        return Problems.Create(StatusCodes.Status400BadRequest, WorkflowErrors.InvalidWorkflow,
            errors.Count == 0 ? "The definition is not valid." : errors[0].Message,
            new Dictionary<string, object?>
            {
                ["step"] = step,
                ["errors"] = errors.Select(e => new { step = e.StepId, field = e.Field, message = e.Message }).ToList(),
            });
    }

    public static ProblemHttpResult For(string error) => error switch
    {
        WorkflowErrors.RunFinished => Problems.Conflict(WorkflowErrors.RunFinished, "The run has already finished."),
        WorkflowErrors.TooManyEvents => Problems.Conflict(WorkflowErrors.TooManyEvents, "The run has recorded as many events as it may."),
        WorkflowErrors.InvalidWorkflow => Problems.BadRequest(WorkflowErrors.InvalidWorkflow, "The workflow's definition is not valid."),
        _ => Problems.NotFound("No such run or workflow, or it is not yours."),
    };
}
