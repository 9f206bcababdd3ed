using System.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using PowerAutomation.Grains.Abstractions.Health;

namespace PowerAutomation.Gateway.Health;

/// <summary>
/// <c>/health/live</c>: the process runs. <c>/health/ready</c>: the gateway reaches the cluster and the cluster
/// reaches PostgreSQL and Redis; a 503 names what failed.
/// </summary>
public static class HealthApi
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(4);

    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/health").WithTags("Health").AllowAnonymous().DisableRateLimiting();
        group.MapGet("/live", () => TypedResults.Ok(new HealthReport("live", [])));
        group.MapGet("/ready", Ready);
        return routes;
    }

    public static async Task<JsonHttpResult<HealthReport>> Ready(IClusterClient cluster, CancellationToken cancellationToken)
    {
        var checks = new List<DependencyStatus>();
        var watch = Stopwatch.StartNew();
        try
        {
            var dependencies = await cluster.GetGrain<IHealthGrain>(0).CheckDependencies().WaitAsync(Deadline, cancellationToken);
            checks.Add(new DependencyStatus("cluster", true, null, watch.Elapsed.TotalMilliseconds));
            checks.AddRange(dependencies);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            checks.Add(new DependencyStatus("cluster", false, exception.Message, watch.Elapsed.TotalMilliseconds));
        }

        var healthy = checks.All(check => check.Healthy);
        return TypedResults.Json(new HealthReport(healthy ? "ready" : "unavailable", checks),
            statusCode: healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }
}

public sealed record HealthReport(string Status, IReadOnlyList<DependencyStatus> Checks);
