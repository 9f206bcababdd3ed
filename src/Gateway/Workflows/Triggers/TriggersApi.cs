using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using PowerAutomation.Gateway.Errors;
using PowerAutomation.Gateway.Hosting;
using PowerAutomation.Gateway.Identity;
using PowerAutomation.Gateway.Quotas;
using PowerAutomation.Grains.Abstractions.Identity;
using PowerAutomation.Grains.Abstractions.Workflows;
using PowerAutomation.Grains.Abstractions.Workflows.Triggers;

namespace PowerAutomation.Gateway.Workflows.Triggers;

/// <summary>Triggers of a workflow (create, list, delete) and the anonymous webhook endpoint, whose signature is the credential.</summary>
public static class TriggersApi
{
    public static IEndpointRouteBuilder MapTriggersApi(this IEndpointRouteBuilder routes)
    {
        var owned = routes.MapGroup("/api/v1").WithTags("Workflows").RequireAuthorization().RequireScope(ApiScopes.Workflows)
            .AddEndpointFilter<RequestRateFilter>();
        owned.MapPost("/workflows/{workflowId:guid}/triggers", Create)
            .WithSummary("A webhook, schedule or document.changed trigger: 201 {triggerId, …} (a webhook's url and secret)");
        owned.MapGet("/workflows/{workflowId:guid}/triggers", List);
        owned.MapDelete("/triggers/{triggerId:guid}", Delete);
        routes.MapPost("/api/v1/hooks/{triggerId:guid}", WebhookReceiver.Receive).WithTags("Workflows").AllowAnonymous()
            .WithSummary("Starts a run when X-PA-Signature is sha256=<hex HMAC-SHA256(secret, raw body)>: 202 {runId}")
            .DisableAntiforgery();
        return routes;
    }

    public static async Task<Results<Created<TriggerResponse>, ProblemHttpResult>> Create(
        Guid workflowId, TriggerRequest request, ClaimsPrincipal user, IClusterClient cluster, GatewayOptions gateway)
    {
        TimeSpan? debounce = null;
        if (request.Debounce is { } text)
        {
            if (!Durations.TryParse(text, out var parsed))
            {
                return Problems.Validation("debounce", "debounce is an ISO 8601 duration such as \"PT30S\".");
            }

            debounce = parsed;
        }

        var spec = new TriggerSpec(request.Type ?? "", request.Cron, request.Timezone, request.ProjectId, request.PathGlob, debounce,
            request.Overlap, request.RequireTimestamp ?? false);
        var created = await cluster.GetGrain<IWorkflowGrain>(workflowId).AddTrigger(user.UserId(), spec);
        return created switch
        {
            { Trigger: { } trigger } => TypedResults.Created($"/api/v1/workflows/{workflowId}/triggers", ToResponse(trigger, gateway)),
            { Error: TriggerErrors.InvalidTrigger } => Problems.BadRequest(TriggerErrors.InvalidTrigger, created.Message!),
            { Error: TriggerErrors.TooManyTriggers } => Problems.Conflict(TriggerErrors.TooManyTriggers, created.Message!),
            _ => Problems.NotFound(created.Message ?? "No such workflow, or it is not yours."),
        };
    }

    public static async Task<Results<Ok<List<TriggerResponse>>, ProblemHttpResult>> List(
        Guid workflowId, ClaimsPrincipal user, IClusterClient cluster, GatewayOptions gateway) =>
        await cluster.GetGrain<IWorkflowGrain>(workflowId).ListTriggers(user.UserId()) is { } triggers
            ? TypedResults.Ok(triggers.Select(t => ToResponse(t, gateway)).ToList())
            : WorkflowProblems.For(WorkflowErrors.NotFound);

    public static async Task<Results<NoContent, ProblemHttpResult>> Delete(Guid triggerId, ClaimsPrincipal user, IClusterClient cluster) =>
        await cluster.GetGrain<ITriggerGrain>(triggerId).Delete(user.UserId()) is null
            ? TypedResults.NoContent()
            : Problems.NotFound("No such trigger, or it is not yours.");

    private static TriggerResponse ToResponse(TriggerView view, GatewayOptions gateway)
    {
        var spec = view.Spec;
        var webhook = spec.Type == TriggerTypes.Webhook;
        return new TriggerResponse(view.TriggerId, view.WorkflowId, spec.Type, view.CreatedAt,
            webhook ? $"{gateway.PublicUrl.TrimEnd('/')}/api/v1/hooks/{view.TriggerId}" : null,
            view.Secret,
            webhook ? spec.RequireTimestamp : null,
            spec.Cron, spec.Timezone, spec.Overlap, view.NextFireAt, spec.ProjectId, spec.PathGlob,
            spec.Debounce is { } debounce ? Durations.Write(debounce) : null,
            view.RecentFires.Select(f => new TriggerFireResponse(f.At, f.RunId, f.Error)).ToList());
    }
}
