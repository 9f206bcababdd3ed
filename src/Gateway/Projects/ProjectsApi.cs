using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using PowerAutomation.Gateway.Errors;
using PowerAutomation.Gateway.Hosting;
using PowerAutomation.Gateway.Identity;
using PowerAutomation.Gateway.Quotas;
using PowerAutomation.Grains.Abstractions.Documents;
using PowerAutomation.Grains.Abstractions.Identity;
using PowerAutomation.Grains.Abstractions.Organizations;
using PowerAutomation.Grains.Abstractions.Projects;

namespace PowerAutomation.Gateway.Projects;

/// <summary>
/// Projects: create, list, read, rename, delete, invite members (see <see cref="InvitationsApi"/> and
/// <see cref="ProjectMembersApi"/>), and the documents inside them.
/// </summary>
public static class ProjectsApi
{
    public const long DocumentBodyLimit = 16 * 1024 * 1024;

    public static IEndpointRouteBuilder MapProjectsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/projects").WithTags("Projects").RequireAuthorization()
            .RequireScopes(ApiScopes.DocumentsRead, ApiScopes.DocumentsWrite).AddEndpointFilter<RequestRateFilter>();
        group.MapPost("/", Create);
        group.MapGet("/", List);
        group.MapGet("/{projectId:guid}", Get);
        group.MapPatch("/{projectId:guid}", Rename);
        group.MapDelete("/{projectId:guid}", Delete);
        group.MapPost("/{projectId:guid}/members", AddMember).RequireFullAccessKey();
        group.MapProjectMembersApi();
        group.MapPost("/{projectId:guid}/documents", CreateDocument).WithMetadata(new BodyLimit(DocumentBodyLimit));
        group.MapGet("/{projectId:guid}/documents", ListDocuments);
        routes.MapInvitationsApi();
        return routes;
    }

    public static async Task<Results<Created<CreateProjectResponse>, ProblemHttpResult>> Create(
        CreateProjectRequest request, ClaimsPrincipal user, IClusterClient cluster)
    {
        if (string.IsNullOrWhiteSpace(request.Name))
        {
            return Problems.Validation("name", "name is required.");
        }

        if (ProjectNames.Check(request.Name, out var problem) is not { } name)
        {
            return Problems.BadRequest(ErrorCodes.InvalidName, problem!);
        }

        var projectId = Guid.NewGuid();
        if (request.OrgId is { } orgId)
        {
            // Any member of the organization may create its projects; everyone else learns nothing about it.
            if (await cluster.GetGrain<IProjectGrain>(projectId).CreateInOrg(name, user.UserId(), orgId) is null)
            {
                return Problems.NotFound("No such organization, or you are not a member of it (or it has the most projects allowed).");
            }
        }
        else
        {
            await cluster.GetGrain<IProjectGrain>(projectId).Create(name, user.UserId());
        }

        return TypedResults.Created($"/api/v1/projects/{projectId}", new CreateProjectResponse(projectId));
    }

    /// <summary>The caller's own projects and those of their organizations, each once with the higher of the two roles.</summary>
    public static async Task<Ok<List<ProjectResponse>>> List(ClaimsPrincipal user, IClusterClient cluster)
    {
        var userGrain = cluster.GetGrain<IUserGrain>(user.UserId());
        var own = await userGrain.GetProjects();
        var viaOrgs = await Task.WhenAll((await userGrain.GetOrgs()).Select(o => cluster.GetGrain<IOrganizationGrain>(o.OrgId).ProjectsFor(user.UserId())));
        var projects = own.Concat(viaOrgs.SelectMany(p => p))
            .GroupBy(p => p.ProjectId)
            .Select(g => g.Aggregate((a, b) => ProjectRoles.Allows(a.Role, b.Role) ? a : b))
            .OrderBy(p => p.Name, StringComparer.Ordinal);
        return TypedResults.Ok(projects.Select(p => new ProjectResponse(p.ProjectId, p.Name, p.Role)).ToList());
    }

    public static async Task<Results<Ok<ProjectDetailsResponse>, ProblemHttpResult>> Get(Guid projectId, ClaimsPrincipal user, IClusterClient cluster)
    {
        var result = await cluster.GetGrain<IProjectGrain>(projectId).GetDetails(user.UserId());
        return result.Value is { } details ? TypedResults.Ok(await ProjectDetailsView.ResolveAsync(details, cluster)) : ProjectProblems.For(result.Error!);
    }

    public static async Task<Results<Ok<ProjectDetailsResponse>, ProblemHttpResult>> Rename(
        Guid projectId, RenameProjectRequest request, ClaimsPrincipal user, IClusterClient cluster)
    {
        if (string.IsNullOrWhiteSpace(request.Name))
        {
            return Problems.Validation("name", "name is required.");
        }

        if (ProjectNames.Check(request.Name, out var problem) is not { } name)
        {
            return Problems.BadRequest(ErrorCodes.InvalidName, problem!);
        }

        var result = await cluster.GetGrain<IProjectGrain>(projectId).Rename(user.UserId(), name);
        return result.Value is { } details ? TypedResults.Ok(await ProjectDetailsView.ResolveAsync(details, cluster)) : ProjectProblems.For(result.Error!);
    }

    /// <summary>Deletes the project and its documents; members' lists and invitees' inboxes lose it.</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> Delete(Guid projectId, ClaimsPrincipal user, IClusterClient cluster)
    {
        var result = await cluster.GetGrain<IProjectGrain>(projectId).Delete(user.UserId());
        return result.Error is null ? TypedResults.NoContent() : ProjectProblems.For(result.Error);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> AddMember(
        Guid projectId, AddMemberRequest request, ClaimsPrincipal user, IClusterClient cluster)
    {
        if (EmailAddress.Normalize(request.Email) is not { } email)
        {
            return Problems.Validation("email", "email must be a valid address.");
        }

        if (!ProjectRoles.IsKnown(request.Role))
        {
            return Problems.Validation("role", "role must be owner, editor or viewer.");
        }

        // The same 204 whether or not the address has an account: the invitation waits for one if need be.
        var result = await cluster.GetGrain<IProjectGrain>(projectId).Invite(user.UserId(), email, request.Role!);
        return result.Error is null ? TypedResults.NoContent() : ProjectProblems.For(result.Error);
    }

    public static async Task<Results<Created<CreateDocumentResponse>, ProblemHttpResult>> CreateDocument(
        Guid projectId, CreateDocumentRequest request, ClaimsPrincipal user, IClusterClient cluster)
    {
        if (!DocumentPath.TryNormalize(request.Path, out var path, out var problem))
        {
            return Problems.BadRequest(DocumentErrors.InvalidPath, problem);
        }

        var result = await cluster.GetGrain<IProjectGrain>(projectId).CreateDocument(user.UserId(), path, request.Content ?? "");
        return result.Value is { } entry
            ? TypedResults.Created($"/api/v1/documents/{entry.DocumentId}", new CreateDocumentResponse(entry.DocumentId, 0))
            : ProjectProblems.For(result.Error!);
    }

    public static async Task<Results<Ok<List<DocumentListItem>>, ProblemHttpResult>> ListDocuments(
        Guid projectId, ClaimsPrincipal user, IClusterClient cluster)
    {
        var result = await cluster.GetGrain<IProjectGrain>(projectId).ListDocuments(user.UserId());
        if (result.Value is not { } documents)
        {
            return ProjectProblems.For(result.Error!);
        }

        // A document whose deletion was interrupted before the index let go of it (revision -1) is not listed.
        var revisions = await Task.WhenAll(documents.Select(d => cluster.GetGrain<IDocumentGrain>(d.DocumentId).GetRevision()));
        return TypedResults.Ok(documents.Zip(revisions, (d, revision) => new DocumentListItem(d.DocumentId, d.Path, revision))
            .Where(d => d.Revision >= 0).ToList());
    }
}
