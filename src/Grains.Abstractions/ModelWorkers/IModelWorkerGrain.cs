namespace PowerAutomation.Grains.Abstractions.ModelWorkers;

/// <summary>
/// One model on one device (key: <see cref="ModelWorkerKey"/>), placed only on the silo that owns the device.
/// Calls interleave: each waits in the worker's batch queue, and one batch serves many callers.
/// </summary>
[Alias("pa.IModelWorkerGrain")]
public interface IModelWorkerGrain : IGrainWithStringKey
{
    /// <summary>Activates the worker (loading and warming up the model) and joins its pool.</summary>
    [Alias("Start")]
    Task<WorkerStatus> Start();

    /// <summary>Embeds the texts, or refuses with <see cref="ModelWorkerErrors.Overloaded"/> when the queue is full.</summary>
    [Alias("Embed")]
    Task<EmbeddingAnswer> Embed(string[] texts);

    [Alias("GetStatus")]
    Task<WorkerStatus> GetStatus();
}

/// <summary>The live workers of one model (key: the model name), as they report themselves.</summary>
[Alias("pa.IModelPoolGrain")]
public interface IModelPoolGrain : IGrainWithStringKey
{
    /// <summary>A worker is alive and this busy; workers that stop reporting drop out.</summary>
    [Alias("Report")]
    Task Report(WorkerStatus status);

    /// <summary>A worker is going away.</summary>
    [Alias("Leave")]
    Task Leave(string workerKey);

    /// <summary>Workers that reported recently.</summary>
    [Alias("GetWorkers")]
    Task<IReadOnlyList<WorkerStatus>> GetWorkers();
}
