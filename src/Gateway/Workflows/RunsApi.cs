using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using PowerAutomation.Gateway.Errors;
using PowerAutomation.Gateway.Identity;
using PowerAutomation.Gateway.Quotas;
using PowerAutomation.Grains.Abstractions.Identity;
using PowerAutomation.Grains.Abstractions.Workflows;

namespace PowerAutomation.Gateway.Workflows;

/// <summary>Runs: status (optionally waiting for the end), event history, cancellation and signals.</summary>
public static class RunsApi
{
    public const int MaxWaitSeconds = 60;

    private static readonly TimeSpan WaitSlice = TimeSpan.FromSeconds(5);

    public static IEndpointRouteBuilder MapRunsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/runs/{runId:guid}").WithTags("Workflows").RequireAuthorization().RequireScope(ApiScopes.Workflows)
            .AddEndpointFilter<RequestRateFilter>();
        group.MapGet("/", Get);
        group.MapGet("/events", Events);
        group.MapPost("/cancel", Cancel);
        group.MapPost("/pause", Pause).WithSummary("Steps under way finish, no new step starts until resume: 202");
        group.MapPost("/resume", Resume).WithSummary("A paused run goes on: 202");
        group.MapPost("/retry", Retry).WithSummary("A failed run goes on from its failed steps, with new attempts: 202");
        group.MapPost("/signals/{name}", Signal);
        return routes;
    }

    /// <summary><c>?wait=N</c> (seconds, at most 60) answers as soon as the run finishes, or with its state after N seconds.</summary>
    public static async Task<Results<Ok<RunResponse>, ProblemHttpResult>> Get(
        Guid runId, int? wait, ClaimsPrincipal user, IClusterClient cluster, CancellationToken cancellationToken)
    {
        if (wait is < 0 or > MaxWaitSeconds)
        {
            return Problems.Validation("wait", $"wait is a number of seconds from 0 to {MaxWaitSeconds}.");
        }

        // Long waits go in short slices, each well inside Orleans' response timeout.
        var run = cluster.GetGrain<IWorkflowRunGrain>(runId);
        var deadline = DateTimeOffset.UtcNow.AddSeconds(wait ?? 0);
        var view = await run.WaitUntilFinished(user.UserId(), Slice(deadline));
        while (view is not null && !RunStatuses.IsFinished(view.Status) && deadline > DateTimeOffset.UtcNow)
        {
            cancellationToken.ThrowIfCancellationRequested();
            view = await run.WaitUntilFinished(user.UserId(), Slice(deadline));
        }

        return view is null ? WorkflowProblems.For(WorkflowErrors.NotFound) : TypedResults.Ok(ToResponse(view));
    }

    public static async Task<Results<Ok<List<RunEventResponse>>, ProblemHttpResult>> Events(
        Guid runId, int? after, int? limit, ClaimsPrincipal user, IClusterClient cluster)
    {
        if (after is < 0 || limit is < 1 or > 1000)
        {
            return Problems.Validation("limit", "after must not be negative; limit is between 1 and 1000.");
        }

        var events = await cluster.GetGrain<IWorkflowRunGrain>(runId).GetEvents(user.UserId(), after ?? 0, limit ?? 1000);
        return events is null
            ? WorkflowProblems.For(WorkflowErrors.NotFound)
            : TypedResults.Ok(events.Select(e => new RunEventResponse(e.Seq, e.Type, e.StepId, e.Attempt, e.Timestamp, Parse(e.DataJson))).ToList());
    }

    public static async Task<Results<Accepted, ProblemHttpResult>> Cancel(Guid runId, ClaimsPrincipal user, IClusterClient cluster) =>
        Answer(runId, await cluster.GetGrain<IWorkflowRunGrain>(runId).Cancel(user.UserId()));

    public static async Task<Results<Accepted, ProblemHttpResult>> Pause(Guid runId, ClaimsPrincipal user, IClusterClient cluster) =>
        Answer(runId, await cluster.GetGrain<IWorkflowRunGrain>(runId).Pause(user.UserId()));

    public static async Task<Results<Accepted, ProblemHttpResult>> Resume(Guid runId, ClaimsPrincipal user, IClusterClient cluster) =>
        Answer(runId, await cluster.GetGrain<IWorkflowRunGrain>(runId).Resume(user.UserId()));

    public static async Task<Results<Accepted, ProblemHttpResult>> Retry(Guid runId, ClaimsPrincipal user, IClusterClient cluster) =>
        Answer(runId, await cluster.GetGrain<IWorkflowRunGrain>(runId).Retry(user.UserId()));

    private static Results<Accepted, ProblemHttpResult> Answer(Guid runId, string? error) =>
        error is null ? TypedResults.Accepted($"/api/v1/runs/{runId}") : WorkflowProblems.For(error);

    public static async Task<Results<Accepted, ProblemHttpResult>> Signal(
        Guid runId, string name, SignalRequest? request, ClaimsPrincipal user, IClusterClient cluster)
    {
        if (!SignalNames.IsValid(name))
        {
            return Problems.Validation("name", "A signal name has letters, digits, '.', '_' or '-' (at most 100).");
        }

        var payload = request?.Payload is { ValueKind: not JsonValueKind.Undefined } given ? given.GetRawText() : "null";
        return Answer(runId, await cluster.GetGrain<IWorkflowRunGrain>(runId).Signal(user.UserId(), name, payload));
    }

    private static TimeSpan Slice(DateTimeOffset deadline) =>
        deadline - DateTimeOffset.UtcNow is var left && left <= TimeSpan.Zero ? TimeSpan.Zero : left < WaitSlice ? left : WaitSlice;

    private static RunResponse ToResponse(RunView view) => new(
        view.RunId,
        view.WorkflowId,
        view.Version,
        view.Status,
        view.Steps.Select(s => new StepResponse(s.Id, s.Type, s.Status, s.Attempts, Parse(s.OutputJson), Error(s.Error), s.WaitingUntil)).ToList(),
        Parse(view.OutputJson),
        Error(view.Error),
        view.CreatedAt,
        view.FinishedAt,
        view.Paused);

    private static RunErrorResponse? Error(RunError? error) => error is null ? null : new RunErrorResponse(error.Code, error.Message, error.StepId);

    private static JsonElement? Parse(string? json)
    {
        if (json is null)
        {
            return null;
        }

        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
