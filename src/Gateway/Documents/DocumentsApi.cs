using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using PowerAutomation.Gateway.Documents.AiEdits;
using PowerAutomation.Gateway.Errors;
using PowerAutomation.Gateway.Hosting;
using PowerAutomation.Gateway.Identity;
using PowerAutomation.Gateway.Projects;
using PowerAutomation.Gateway.Quotas;
using PowerAutomation.Grains.Abstractions.Documents;
using PowerAutomation.Grains.Abstractions.Identity;
using PowerAutomation.Grains.Abstractions.Projects;

namespace PowerAutomation.Gateway.Documents;

/// <summary>Documents over plain HTTP, for clients without a socket: read, move, delete, submit an operation, history.</summary>
public static class DocumentsApi
{
    public static IEndpointRouteBuilder MapDocumentsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/documents/{documentId:guid}").WithTags("Documents")
            .RequireAuthorization().RequireScopes(ApiScopes.DocumentsRead, ApiScopes.DocumentsWrite).AddEndpointFilter<RequestRateFilter>();
        group.MapGet("/", Get);
        group.MapPatch("/", Rename);
        group.MapDelete("/", Delete);
        group.MapPost("/operations", Submit).WithMetadata(new BodyLimit(ProjectsApi.DocumentBodyLimit));
        group.MapGet("/operations", History);
        group.MapGet("/content", Content);
        group.MapAuthoring();
        group.MapAiEdit();
        return routes;
    }

    public static async Task<Results<Ok<DocumentResponse>, ProblemHttpResult>> Get(Guid documentId, ClaimsPrincipal user, IClusterClient cluster)
    {
        var result = await cluster.GetGrain<IDocumentGrain>(documentId).GetContent(user.UserId(), null);
        return result.Value is { } d
            ? TypedResults.Ok(new DocumentResponse(d.DocumentId, d.ProjectId, d.Path, d.Content, d.Revision))
            : ProjectProblems.For(result.Error!);
    }

    /// <summary>Moves a document (a folder is a path prefix, so moving between folders is this too).</summary>
    public static async Task<Results<Ok<DocumentListItem>, ProblemHttpResult>> Rename(
        Guid documentId, RenameDocumentRequest request, ClaimsPrincipal user, IClusterClient cluster)
    {
        if (!DocumentPath.TryNormalize(request.Path, out var path, out var problem))
        {
            return Problems.BadRequest(DocumentErrors.InvalidPath, problem);
        }

        var document = cluster.GetGrain<IDocumentGrain>(documentId);
        if (await document.GetProjectId() is not { } projectId)
        {
            return ProjectProblems.For(ProjectErrors.NotFound);
        }

        var result = await cluster.GetGrain<IProjectGrain>(projectId).RenameDocument(user.UserId(), documentId, path);
        return result.Value is { } entry
            ? TypedResults.Ok(new DocumentListItem(entry.DocumentId, entry.Path, await document.GetRevision()))
            : ProjectProblems.For(result.Error!);
    }

    /// <summary>Deletes a document: its live sessions are told <c>document_deleted</c>, its path is free again.</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> Delete(Guid documentId, ClaimsPrincipal user, IClusterClient cluster)
    {
        if (await cluster.GetGrain<IDocumentGrain>(documentId).GetProjectId() is not { } projectId)
        {
            return ProjectProblems.For(ProjectErrors.NotFound);
        }

        var result = await cluster.GetGrain<IProjectGrain>(projectId).DeleteDocument(user.UserId(), documentId);
        return result.Error is null ? TypedResults.NoContent() : ProjectProblems.For(result.Error);
    }

    public static async Task<Results<Ok<AppliedResponse>, ProblemHttpResult>> Submit(
        Guid documentId, SubmitOperationRequest request, ClaimsPrincipal user, IClusterClient cluster)
    {
        if (request.Revision is not { } revision || revision < 0)
        {
            return Problems.Validation("revision", "revision is required: the revision the operation was made on.");
        }

        if (request.Operation is not { } json)
        {
            return Problems.Validation("operation", "operation is required.");
        }

        if (request.ClientId is { Length: 0 or > 128 } || request.ClientId?.Any(char.IsControl) == true
            || request.Seq is < 1 || (request.Seq is null) != (request.ClientId is null))
        {
            return Problems.Validation("seq", "clientId (1-128 characters, no control characters) and seq (from 1) come together.");
        }

        TextOperation operation;
        try
        {
            operation = OperationJson.Read(json);
        }
        catch (OperationException exception)
        {
            return Problems.BadRequest(DocumentErrors.InvalidOperation, exception.Message);
        }

        var result = await cluster.GetGrain<IDocumentGrain>(documentId)
            .Submit(new OperationSubmission(user.UserId(), revision, operation, request.ClientId, request.Seq));
        return result.Applied is { } applied
            ? TypedResults.Ok(new AppliedResponse(applied.Revision, applied.Operation))
            : ProjectProblems.For(result.Error!, result.Message);
    }

    public static async Task<Results<Ok<List<HistoryItem>>, ProblemHttpResult>> History(
        Guid documentId, ClaimsPrincipal user, IClusterClient cluster, int? from, int? limit)
    {
        if (from is < 0 || limit is < 1 or > 1000)
        {
            return Problems.Validation("limit", "from must not be negative; limit is between 1 and 1000.");
        }

        var result = await cluster.GetGrain<IDocumentGrain>(documentId).GetOperations(user.UserId(), from ?? 0, limit ?? 100);
        return result.Value is { } operations
            ? TypedResults.Ok(operations.Select(HistoryItem.From).ToList())
            : ProjectProblems.For(result.Error!);
    }

    public static async Task<Results<Ok<ContentResponse>, ProblemHttpResult>> Content(
        Guid documentId, ClaimsPrincipal user, IClusterClient cluster, int? revision)
    {
        var result = await cluster.GetGrain<IDocumentGrain>(documentId).GetContent(user.UserId(), revision);
        return result.Value is { } d ? TypedResults.Ok(new ContentResponse(d.Content, d.Revision)) : ProjectProblems.For(result.Error!);
    }
}
