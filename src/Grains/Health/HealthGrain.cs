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
        var checks = probes.Select(probe => Probe(probe, timeout.Token));
        return await Task.WhenAll(checks);
    }

    private static async Task<DependencyStatus> Probe(IDependencyProbe probe, CancellationToken cancellationToken)
    {
        try
        {
            return await probe.CheckAsync(cancellationToken);
        }
        catch (Exception exception)
        {
            return new DependencyStatus(probe.Name, false, exception.Message, 0);
        }
    }
}
