using System.Collections.Concurrent;
using PowerAutomation.Inference.Embeddings;

namespace PowerAutomation.Grains.ModelWorkers;

/// <summary>The workers active in this silo, for the queue-depth gauge.</summary>
public sealed class ModelWorkerRegistry
{
    private readonly ConcurrentDictionary<string, BatchedEncoder> _workers = new(StringComparer.Ordinal);

    public void Add(string key, BatchedEncoder encoder) => _workers[key] = encoder;

    public void Remove(string key) => _workers.TryRemove(key, out _);

    public IEnumerable<(string Worker, int Queued)> Queues() => _workers.Select(w => (w.Key, w.Value.Batcher.QueuedItems));
}
