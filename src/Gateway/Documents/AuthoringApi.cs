using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using PowerAutomation.Gateway.Errors;
using PowerAutomation.Gateway.Identity;
using PowerAutomation.Gateway.Projects;
using PowerAutomation.Grains.Abstractions.Documents;

namespace PowerAutomation.Gateway.Documents;

/// <summary>Who wrote what: undo and redo by author, blame, named versions and restore.</summary>
public static class AuthoringApi
{
    public const int MaxUndoCount = 1000;
    public const int MaxVersionName = 200;

    public static RouteGroupBuilder MapAuthoring(this RouteGroupBuilder group)
    {
        group.MapPost("/undo", Undo);
        group.MapGet("/blame", Blame);
        group.MapPost("/versions", CreateVersion);
        group.MapGet("/versions", ListVersions);
        group.MapPost("/restore", Restore);
        return group;
    }

    /// <summary>
    /// Takes back the selected author's newest changes (the caller's own when no author, client or run is named) as one
    /// new operation by the caller; <c>redo: true</c> puts back what the newest such undo took.
    /// </summary>
    public static async Task<Results<Ok<AppliedResponse>, ProblemHttpResult>> Undo(
        Guid documentId, UndoApiRequest? request, ClaimsPrincipal user, IClusterClient cluster)
    {
        request ??= new UndoApiRequest(null, null, null, null, null, null);
        if (request.Count is < 1 or > MaxUndoCount)
        {
            return Problems.Validation("count", $"count is between 1 and {MaxUndoCount}.");
        }

        if (request.AuthorKind is { } kind && !AuthorKinds.IsKnown(kind))
        {
            return Problems.Validation("authorKind", "authorKind is user, ai or workflow.");
        }

        if (request.ClientId is { Length: 0 or > 128 })
        {
            return Problems.Validation("clientId", "clientId has 1-128 characters.");
        }

        var result = await cluster.GetGrain<IDocumentGrain>(documentId).Undo(user.UserId(),
            new UndoRequest(request.AuthorId, request.ClientId, request.RunId, request.AuthorKind, request.Count ?? 1, request.Redo ?? false));
        return result.Value is { } applied
            ? TypedResults.Ok(new AppliedResponse(applied.Revision, applied.Operation))
            : ProjectProblems.For(result.Error!, request.Redo == true && result.Error == DocumentErrors.NothingToUndo
                ? "That author has nothing to redo." : null);
    }

    public static async Task<Results<Ok<IReadOnlyList<BlameRange>>, ProblemHttpResult>> Blame(
        Guid documentId, ClaimsPrincipal user, IClusterClient cluster)
    {
        var result = await cluster.GetGrain<IDocumentGrain>(documentId).Blame(user.UserId());
        return result.Value is { } ranges ? TypedResults.Ok(ranges) : ProjectProblems.For(result.Error!);
    }

    public static async Task<Results<Created<VersionResponse>, ProblemHttpResult>> CreateVersion(
        Guid documentId, CreateVersionRequest request, ClaimsPrincipal user, IClusterClient cluster)
    {
        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > MaxVersionName || name.Any(char.IsControl))
        {
            return Problems.Validation("name", $"name has 1-{MaxVersionName} characters and no control characters.");
        }

        var result = await cluster.GetGrain<IDocumentGrain>(documentId).CreateVersion(user.UserId(), name);
        return result.Value is { } version
            ? TypedResults.Created($"/api/v1/documents/{documentId}/versions", VersionResponse.From(version))
            : ProjectProblems.For(result.Error!);
    }

    public static async Task<Results<Ok<List<VersionResponse>>, ProblemHttpResult>> ListVersions(
        Guid documentId, ClaimsPrincipal user, IClusterClient cluster, int? limit)
    {
        if (limit is < 1 or > 1000)
        {
            return Problems.Validation("limit", "limit is between 1 and 1000.");
        }

        var result = await cluster.GetGrain<IDocumentGrain>(documentId).ListVersions(user.UserId(), limit ?? 100);
        return result.Value is { } versions ? TypedResults.Ok(versions.Select(VersionResponse.From).ToList()) : ProjectProblems.For(result.Error!);
    }

    /// <summary>Brings back the content of a past revision as one new operation; later history stays.</summary>
    public static async Task<Results<Ok<AppliedResponse>, ProblemHttpResult>> Restore(
        Guid documentId, RestoreRequest request, ClaimsPrincipal user, IClusterClient cluster)
    {
        if (request.Revision is not { } revision || revision < 0)
        {
            return Problems.Validation("revision", "revision is required: the revision whose content comes back.");
        }

        var result = await cluster.GetGrain<IDocumentGrain>(documentId).Restore(user.UserId(), revision);
        return result.Value is { } applied
            ? TypedResults.Ok(new AppliedResponse(applied.Revision, applied.Operation))
            : ProjectProblems.For(result.Error!, result.Error == DocumentErrors.NotFound ? $"No such document, or no revision {revision} yet." : null);
    }
}
