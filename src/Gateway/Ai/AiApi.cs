using System.Text.Json.Nodes;
using PowerAutomation.Ai.Calls;
using PowerAutomation.Ai.Formats;
using PowerAutomation.Ai.Routing;
using PowerAutomation.Gateway.Embeddings;
using PowerAutomation.Gateway.Hosting;
using PowerAutomation.Gateway.Quotas;
using PowerAutomation.Gateway.Identity;
using PowerAutomation.Grains.Abstractions.Identity;
using PowerAutomation.Grains.Abstractions.ModelWorkers;

namespace PowerAutomation.Gateway.Ai;

/// <summary>
/// The OpenAI- and Anthropic-compatible surface (<c>/v1/chat/completions</c>, <c>/v1/responses</c>,
/// <c>/v1/completions</c>, <c>/v1/messages</c>, <c>/v1/messages/count_tokens</c>, <c>/v1/embeddings</c>,
/// <c>/v1/models</c>) and the operators' view of the providers.
/// </summary>
public static class AiApi
{
    public static WebApplication MapAiApi(this WebApplication app)
    {
        // Every call counts against requests_per_minute like the rest of the API; the daily AI quotas come on top.
        var vendor = app.MapGroup("/v1").RequireAuthorization().RequireScope(ApiScopes.Ai).WithTags("AI").AddEndpointFilter<RequestRateFilter>()
            .WithMetadata(new BodyLimit(AiCallHandler.MaxBodyBytes + 1));
        vendor.MapPost("/chat/completions", (HttpContext http, AiCallHandler handler) => handler.HandleAsync(http, ChatFormats.OpenAiChat))
            .Accepts<JsonObject>("application/json").WithSummary("OpenAI Chat Completions, routed to any configured provider");
        vendor.MapPost("/responses", (HttpContext http, AiCallHandler handler) => handler.HandleAsync(http, ChatFormats.OpenAiResponses))
            .Accepts<JsonObject>("application/json").WithSummary("OpenAI Responses (Codex, the Agents SDK), routed to any configured provider; stores no responses");
        vendor.MapPost("/messages", (HttpContext http, AiCallHandler handler) => handler.HandleAsync(http, ChatFormats.AnthropicMessages))
            .Accepts<JsonObject>("application/json").WithSummary("Anthropic Messages, routed to any configured provider");
        vendor.MapPost("/messages/count_tokens", (HttpContext http, CountTokensHandler handler) => handler.HandleAsync(http))
            .Accepts<JsonObject>("application/json").WithSummary("Anthropic token counting: exact through an Anthropic provider, else an estimate (X-PA-Token-Count)");
        vendor.MapPost("/completions", (HttpContext http, AiCallHandler handler) => handler.HandleAsync(http, ChatFormats.OpenAiCompletions, AiTasks.Completion))
            .Accepts<JsonObject>("application/json").WithSummary("OpenAI legacy Completions (autocomplete), task 'completion'");
        vendor.MapPost("/embeddings", (HttpContext http, EmbeddingsHandler handler) => handler.HandleAsync(http))
            .Accepts<JsonObject>("application/json").WithSummary("OpenAI Embeddings, served by the cluster's model-worker pool");
        vendor.MapGet("/models", ModelListing.ListAsync).WithSummary("The models and aliases this caller's edition may use");
        vendor.MapGet("/models/{model}", ModelListing.GetAsync).WithSummary("One model or alias this caller's edition may use");

        app.MapGet("/api/v1/admin/ai/providers", Providers).RequireAuthorization(GatewayClaims.AdminPolicy).WithTags("AI")
            .WithSummary("Health, load, latency, errors and circuit of each AI provider");
        app.MapGet("/api/v1/admin/ai/workers", async (ModelWorkerClient workers) => Results.Ok(await workers.StatusAsync(ModelNames.MiniLm)))
            .RequireAuthorization(GatewayClaims.AdminPolicy).WithTags("AI")
            .WithSummary("The model workers in the cluster: silo, device, queue depth, batches and sentences run");
        app.MapAiUsageApi();
        return app;
    }

    private static IResult Providers(ModelRouter router) => Results.Ok(ProviderStatuses(router));

    /// <summary>Each provider's health, load, latency, errors and circuit, as the console and the MCP tool show them.</summary>
    public static List<ProviderStatus> ProviderStatuses(ModelRouter router) => [.. router.Providers.Select(p =>
    {
        var stats = p.Stats.Snapshot();
        var circuit = p.Circuit.State;
        return new ProviderStatus(p.Name, p.Options.Kind, p.Options.Models, p.Options.Editions, p.Options.Priority, p.Options.Weight,
            circuit == CircuitState.Closed && p.Stats.ProbeHealthy != false, circuit switch
            {
                CircuitState.Open => "open",
                CircuitState.HalfOpen => "half-open",
                _ => "closed",
            },
            stats.InFlight, new LatencyPercentiles(stats.P50Ms, stats.P95Ms, stats.P99Ms), Math.Round(stats.ErrorRate, 4), stats.Calls, stats.Failures,
            p.Stats.LastError, p.Stats.LastFailureAt, p.Stats.ProbeHealthy, p.Stats.LastProbeAt);
    })];
}

public sealed record LatencyPercentiles(double? P50, double? P95, double? P99);

public sealed record ProviderStatus(
    string Name, string Kind, IReadOnlyList<string> Models, IReadOnlyList<string> Editions, int Priority, int Weight,
    bool Healthy, string Circuit, int InFlight, LatencyPercentiles LatencyMs, double ErrorRate, long Calls, long Failures,
    string? LastError, DateTimeOffset? LastFailureAt, bool? ProbeHealthy, DateTimeOffset? LastProbeAt);
