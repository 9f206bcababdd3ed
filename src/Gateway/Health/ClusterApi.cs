using Microsoft.AspNetCore.Http.HttpResults;
using PowerAutomation.Gateway.Identity;
using PowerAutomation.Gateway.Quotas;

namespace PowerAutomation.Gateway.Health;

/// <summary><c>GET /api/v1/admin/cluster</c> (admin): silos and grain activations from Orleans' management grain.</summary>
public static class ClusterApi
{
    public static IEndpointRouteBuilder MapClusterApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/v1/admin/cluster", Get).WithTags("Health")
            .RequireAuthorization(GatewayClaims.AdminPolicy).AddEndpointFilter<RequestRateFilter>()
            .WithSummary("Silos (membership), activations per silo and per grain type: {silos, grainTypes, totalActivations}");
        return routes;
    }

    /// <summary>Two management calls: the membership table, and one statistics round to every active silo.</summary>
    public static async Task<Ok<ClusterViewResponse>> Get(IClusterClient cluster)
    {
        var management = cluster.GetGrain<IManagementGrain>(0);
        var hosts = await management.GetDetailedHosts(onlyActive: false);
        var statistics = await management.GetSimpleGrainStatistics();
        var silos = hosts.Select(h => (
            h.SiloAddress.ToParsableString(),
            h.SiloName ?? "",
            h.Status.ToString().ToLowerInvariant(),
            h.StartTime == default ? (DateTimeOffset?)null : new DateTimeOffset(DateTime.SpecifyKind(h.StartTime, DateTimeKind.Utc)))).ToList();
        var activations = statistics.Select(s => (s.SiloAddress.ToParsableString(), s.GrainType, s.ActivationCount)).ToList();
        return TypedResults.Ok(ClusterView.Build(silos, activations));
    }
}
