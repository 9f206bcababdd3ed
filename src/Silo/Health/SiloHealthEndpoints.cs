using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using PowerAutomation.Grains.Health;

namespace PowerAutomation.Silo.Health;

/// <summary>Probes for Kubernetes: live while the process runs, ready while PostgreSQL and Redis answer.</summary>
public static class SiloHealthEndpoints
{
    public static WebApplication MapSiloHealth(this WebApplication app)
    {
        app.MapGet("/health/live", () => TypedResults.Ok(new { status = "live" }));
        app.MapGet("/health/ready", async (IEnumerable<IDependencyProbe> probes, CancellationToken cancellationToken) =>
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            var results = await Task.WhenAll(probes.Select(probe => probe.CheckSafelyAsync(timeout.Token)));
            var healthy = results.All(result => result.Healthy);
            return Results.Json(new { status = healthy ? "ready" : "unavailable", dependencies = results },
                statusCode: healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        });
        return app;
    }
}
