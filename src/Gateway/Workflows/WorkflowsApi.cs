using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using PowerAutomation.Gateway.Errors;
using PowerAutomation.Gateway.Identity;
using PowerAutomation.Gateway.Quotas;
using PowerAutomation.Grains.Abstractions.Identity;
using PowerAutomation.Grains.Abstractions.Projects;
using PowerAutomation.Grains.Abstractions.Quotas;
using PowerAutomation.Grains.Abstractions.Workflows;

namespace PowerAutomation.Gateway.Workflows;

/// <summary>Workflow definitions (create, new version, read) and starting runs, which takes licence and quota.</summary>
public static class WorkflowsApi
{
    public static IEndpointRouteBuilder MapWorkflowsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/workflows").WithTags("Workflows").RequireAuthorization().RequireScope(ApiScopes.Workflows)
            .AddEndpointFilter<RequestRateFilter>();
        group.MapPost("/", Create);
        group.MapPut("/{workflowId:guid}", SaveVersion);
        group.MapGet("/{workflowId:guid}", Get);
        group.MapPost("/{workflowId:guid}/runs", StartRun);
        group.MapPut("/{workflowId:guid}/sharing", Share)
            .WithSummary("Members of a project with at least a role may read and run the workflow (as themselves): 204");
        group.MapDelete("/{workflowId:guid}/sharing", Unshare);
        return routes;
    }

    public static async Task<Results<Created<WorkflowCreated>, ProblemHttpResult>> Create(JsonElement body, ClaimsPrincipal user, IClusterClient cluster)
    {
        var workflowId = Guid.NewGuid();
        var saved = await cluster.GetGrain<IWorkflowGrain>(workflowId).Save(user.UserId(), body.GetRawText());
        return saved.Error is null
            ? TypedResults.Created($"/api/v1/workflows/{workflowId}", new WorkflowCreated(workflowId, saved.Version))
            : WorkflowProblems.InvalidDefinition(saved.Errors, saved.Error == WorkflowErrors.InvalidJson ? saved.Error : null);
    }

    /// <summary>Saves a new version; runs already started keep theirs.</summary>
    public static async Task<Results<Ok<WorkflowCreated>, ProblemHttpResult>> SaveVersion(
        Guid workflowId, JsonElement body, ClaimsPrincipal user, IClusterClient cluster)
    {
        var workflow = cluster.GetGrain<IWorkflowGrain>(workflowId);
        if (await workflow.Get(user.UserId(), null) is null)
        {
            return WorkflowProblems.For(WorkflowErrors.NotFound);
        }

        var saved = await workflow.Save(user.UserId(), body.GetRawText());
        return saved.Error switch
        {
            null => TypedResults.Ok(new WorkflowCreated(workflowId, saved.Version)),
            WorkflowErrors.InvalidWorkflow => WorkflowProblems.InvalidDefinition(saved.Errors),
            WorkflowErrors.InvalidJson => WorkflowProblems.InvalidDefinition(saved.Errors, saved.Error),
            _ => WorkflowProblems.For(saved.Error),
        };
    }

    public static async Task<Results<Ok<WorkflowResponse>, ProblemHttpResult>> Get(
        Guid workflowId, int? version, ClaimsPrincipal user, IClusterClient cluster)
    {
        if (await cluster.GetGrain<IWorkflowGrain>(workflowId).Get(user.UserId(), version) is not { } found)
        {
            return WorkflowProblems.For(WorkflowErrors.NotFound);
        }

        using var definition = JsonDocument.Parse(found.DefinitionJson);
        return TypedResults.Ok(new WorkflowResponse(found.WorkflowId, found.Version, found.LatestVersion, found.Name,
            definition.RootElement.GetProperty("steps").Clone(), found.CreatedAt)
        {
            Sharing = found.Sharing is { } sharing ? new SharingRequest(sharing.ProjectId, sharing.Role) : null,
        });
    }

    /// <summary>One project at a time; its members run the workflow on their own account, and only the owner changes it.</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> Share(Guid workflowId, SharingRequest request, ClaimsPrincipal user, IClusterClient cluster)
    {
        if (request.ProjectId is not { } projectId || projectId == Guid.Empty)
        {
            return Problems.Validation("projectId", "projectId names a project you are a member of.");
        }

        if (!ProjectRoles.IsKnown(request.Role))
        {
            return Problems.Validation("role", "role is the least project role that may use the workflow: viewer, editor or owner.");
        }

        return await cluster.GetGrain<IWorkflowGrain>(workflowId).Share(user.UserId(), projectId, request.Role) switch
        {
            null => TypedResults.NoContent(),
            WorkflowErrors.ProjectNotFound => Problems.NotFound("No such project, or you are not a member of it."),
            var error => WorkflowProblems.For(error),
        };
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> Unshare(Guid workflowId, ClaimsPrincipal user, IClusterClient cluster) =>
        await cluster.GetGrain<IWorkflowGrain>(workflowId).Share(user.UserId(), null, null) is { } error
            ? WorkflowProblems.For(error)
            : TypedResults.NoContent();

    /// <summary>
    /// Starts the run on the caller's account (<see cref="ChargedRunStarts"/>: the licence must include runs, one
    /// <c>workflow_runs</c> unit is taken and given back when the start fails).
    /// </summary>
    public static async Task<Results<Accepted<RunStarted>, ProblemHttpResult>> StartRun(
        Guid workflowId, StartRunRequest? request, ClaimsPrincipal user, IClusterClient cluster, HttpContext http, TimeProvider time)
    {
        var userId = user.UserId();
        if (request is { Version: < 1 })
        {
            return Problems.Validation("version", "version counts from 1.");
        }

        var key = http.Request.Headers[IdempotencyHeader].ToString();
        if (http.Request.Headers.ContainsKey(IdempotencyHeader) && !IdempotentStarts.IsValidKey(key))
        {
            return Problems.Validation(IdempotencyHeader, $"{IdempotencyHeader} is 1 to {IdempotentStarts.MaxKeyLength} visible ASCII characters.");
        }

        if (await cluster.GetGrain<IWorkflowGrain>(workflowId).Get(userId, request?.Version) is not { } workflow)
        {
            return WorkflowProblems.For(WorkflowErrors.NotFound);
        }

        var runId = key.Length == 0 ? Guid.NewGuid() : IdempotentStarts.RunId(userId, workflowId, key);
        if (key.Length > 0 && await cluster.GetGrain<IWorkflowRunGrain>(runId).Get(userId) is { } earlier)
        {
            // A retry of a start that happened: its run again, charged once.
            return Earlier(earlier, time);
        }

        var input = request?.Input is { ValueKind: not JsonValueKind.Undefined } given ? given.GetRawText() : "{}";
        var started = await ChargedRunStarts.StartAsync(cluster, runId, new RunStart(workflowId, workflow.Version, workflow.DefinitionJson, input, userId), time);
        if (started.Decision is { } decision)
        {
            QuotaResponses.WriteHeaders(http.Response, decision, time.GetUtcNow());
        }

        switch (started.Error)
        {
            case null:
                break;
            case ChargedRunStarts.NotLicensed:
                return Problems.Create(StatusCodes.Status403Forbidden, WorkflowProblems.WorkflowsNotLicensed,
                    $"The {started.Edition} edition does not include workflow runs.");
            case WorkflowErrors.QuotaExceeded:
                return QuotaResponses.Exceeded(started.Decision!);
            case WorkflowErrors.AlreadyStarted when key.Length > 0 && await cluster.GetGrain<IWorkflowRunGrain>(runId).Get(userId) is { } concurrent:
                // Two starts with one key at once: the other one recorded the start.
                return Earlier(concurrent, time);
            default:
                return WorkflowProblems.For(started.Error);
        }

        return TypedResults.Accepted($"/api/v1/runs/{runId}", new RunStarted(runId));
    }

    /// <summary>The header that makes a start idempotent (API.md: the same key within 24 h answers the first run).</summary>
    public const string IdempotencyHeader = "Idempotency-Key";

    private static Results<Accepted<RunStarted>, ProblemHttpResult> Earlier(RunView run, TimeProvider time) =>
        time.GetUtcNow() - run.CreatedAt <= IdempotentStarts.Window
            ? TypedResults.Accepted($"/api/v1/runs/{run.RunId}", new RunStarted(run.RunId))
            : Problems.Conflict(WorkflowErrors.IdempotencyKeyExpired,
                $"This {IdempotencyHeader} started run {run.RunId} more than 24 hours ago; use a new key for a new run.");
}
