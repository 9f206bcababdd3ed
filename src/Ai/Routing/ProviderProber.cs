using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PowerAutomation.Ai.Configuration;

namespace PowerAutomation.Ai.Routing;

/// <summary>Active health checks: every provider is probed each <see cref="RoutingOptions.ProbeInterval"/>.</summary>
public sealed class ProviderProber(ModelRouter router, IOptions<AiOptions> options, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.Routing.ProbeInterval;
        if (interval <= TimeSpan.Zero || router.Providers.Count == 0)
        {
            return;
        }

        using var timer = new PeriodicTimer(interval, time);
        do
        {
            await Task.WhenAll(router.Providers.Where(p => p.Options.Kind != ProviderKinds.Local).Select(p => router.ProbeAsync(p, stoppingToken)));
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
