using Microsoft.AspNetCore.Http.HttpResults;
using PowerAutomation.Gateway.Errors;
using PowerAutomation.Grains.Abstractions.Documents;
using PowerAutomation.Grains.Abstractions.Projects;

namespace PowerAutomation.Gateway.Projects;

/// <summary>Problems for the refusals project and document grains report.</summary>
public static class ProjectProblems
{
    public static ProblemHttpResult For(string error, string? message = null) => error switch
    {
        ProjectErrors.NotFound => Problems.NotFound(message ?? "No such project or document, or you are not a member of it."),
        ProjectErrors.Forbidden => Problems.Create(StatusCodes.Status403Forbidden, ErrorCodes.Forbidden, message ?? "Your project role does not allow this."),
        ProjectErrors.TooManyInvitations => Problems.Conflict(ErrorCodes.TooManyInvitations,
            message ?? "Too many invitations are pending (for this project or this address); wait for answers first."),
        ProjectErrors.PathTaken => Problems.Conflict(ProjectErrors.PathTaken,
            message ?? "The project already has a document at this path, or the path is a folder of documents or inside a document."),
        ProjectErrors.LastOwner => Problems.Conflict(ProjectErrors.LastOwner,
            message ?? "The last owner cannot leave or be removed; make someone else an owner first, or delete the project."),
        ProjectErrors.InvalidName => Problems.BadRequest(ErrorCodes.InvalidName, message ?? "The project name is not valid."),
        DocumentErrors.RevisionTooOld => Problems.Conflict(DocumentErrors.RevisionTooOld, message ?? "The revision is older than the history kept."),
        DocumentErrors.InvalidPath => Problems.BadRequest(DocumentErrors.InvalidPath, message ?? "The path is not a valid document path."),
        DocumentErrors.DocumentTooLarge => Problems.BadRequest(DocumentErrors.DocumentTooLarge, message ?? "The document would be too large."),
        DocumentErrors.NothingToUndo => Problems.Conflict(DocumentErrors.NothingToUndo, message ?? "That author has nothing left to undo."),
        _ => Problems.BadRequest(DocumentErrors.InvalidOperation, message ?? "The operation does not fit the document."),
    };
}
