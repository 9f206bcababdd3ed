using Microsoft.Extensions.Options;
using PowerAutomation.Grains.Abstractions.ModelWorkers;

namespace PowerAutomation.Grains.ModelWorkers;

/// <summary>
/// The live workers of one model, kept in memory only: workers report every <see cref="ModelWorkerOptions.ReportInterval"/>,
/// so a fresh activation of the pool is complete again within one interval, and a worker whose silo died drops
/// out after a few missed reports.
/// </summary>
public sealed class ModelPoolGrain(IOptions<ModelWorkerOptions> options, TimeProvider time) : Grain, IModelPoolGrain
{
    private const int MissedReportsAllowed = 3;
    private readonly Dictionary<string, WorkerStatus> _workers = new(StringComparer.Ordinal);

    public Task Report(WorkerStatus status)
    {
        _workers[status.Key] = status with { ReportedAt = time.GetUtcNow() };
        return Task.CompletedTask;
    }

    public Task Leave(string workerKey)
    {
        _workers.Remove(workerKey);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<WorkerStatus>> GetWorkers()
    {
        var staleBefore = time.GetUtcNow() - options.Value.ReportInterval * MissedReportsAllowed;
        foreach (var stale in _workers.Values.Where(w => w.ReportedAt < staleBefore).ToList())
        {
            _workers.Remove(stale.Key);
        }

        return Task.FromResult<IReadOnlyList<WorkerStatus>>(_workers.Values.OrderBy(w => w.Key, StringComparer.Ordinal).ToList());
    }
}
