using Orleans.Concurrency;
using PowerAutomation.Grains.Abstractions.Health;

namespace PowerAutomation.Grains.Health;

/// <summary>Runs every dependency probe of the silo it is on, in parallel, with a deadline.</summary>
[StatelessWorker]
public sealed class HealthGrain(IEnumerable<IDependencyProbe> probes) : Grain, IHealthGrain
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(3);

    public async Task<IReadOnlyList<DependencyStatus>> CheckDependencies()
    {
        using var timeout = new CancellationTokenSource(Deadline);
        return await Task.WhenAll(probes.Select(probe => probe.CheckSafelyAsync(timeout.Token)));
    }
}
