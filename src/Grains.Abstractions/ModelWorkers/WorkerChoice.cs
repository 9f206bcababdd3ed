namespace PowerAutomation.Grains.Abstractions.ModelWorkers;

/// <summary>Orders a model's workers least-loaded first.</summary>
public static class WorkerChoice
{
    /// <summary>
    /// Load is what the worker last reported waiting plus what this caller has sent it since, in batches of the
    /// worker's own size (a GPU worker with large batches drains a deeper queue as fast). Ties are broken at
    /// random, so idle workers share the traffic.
    /// </summary>
    public static IReadOnlyList<WorkerStatus> LeastLoadedFirst(IEnumerable<WorkerStatus> workers, Func<string, int> sentByCaller, Random random) =>
        workers
            .Select(w => (Worker: w, Load: (double)(w.QueuedItems + sentByCaller(w.Key)) / Math.Max(1, w.MaxBatchSize), Tie: random.Next()))
            .OrderBy(x => x.Load).ThenBy(x => x.Tie)
            .Select(x => x.Worker)
            .ToList();
}
