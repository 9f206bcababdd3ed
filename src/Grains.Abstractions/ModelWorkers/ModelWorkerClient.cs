using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace PowerAutomation.Grains.Abstractions.ModelWorkers;

/// <summary>
/// Sends embedding work to a model's least-loaded worker, for the gateway and for grains. The worker list comes
/// from the model's pool grain and is cached briefly; a worker that is full or gone is skipped for the next one.
/// </summary>
public sealed class ModelWorkerClient(IGrainFactory grains, TimeProvider time, ILogger<ModelWorkerClient> logger)
{
    private const int MaxTries = 3;
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, int> _sentItems = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (IReadOnlyList<WorkerStatus> Workers, DateTimeOffset At)> _workers = new(StringComparer.Ordinal);
    private readonly Random _random = new();

    /// <summary>Embeds the texts with the model, or answers with a refusal code (overloaded or unavailable).</summary>
    public async Task<EmbeddingAnswer> EmbedAsync(string model, string[] texts)
    {
        var workers = await WorkersAsync(model, refresh: false);
        if (workers.Count == 0)
        {
            workers = await WorkersAsync(model, refresh: true);
        }

        var refusal = ModelWorkerErrors.Unavailable;
        IReadOnlyList<WorkerStatus> order;
        lock (_random)
        {
            order = WorkerChoice.LeastLoadedFirst(workers, key => _sentItems.GetValueOrDefault(key), _random);
        }

        foreach (var worker in order.Take(MaxTries))
        {
            _sentItems.AddOrUpdate(worker.Key, texts.Length, (_, sent) => sent + texts.Length);
            try
            {
                var answer = await grains.GetGrain<IModelWorkerGrain>(worker.Key).Embed(texts);
                if (answer.Refusal is null)
                {
                    return answer;
                }

                refusal = answer.Refusal;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The worker's silo may have gone: ask the pool again next time.
                logger.LogWarning(exception, "Model worker {Worker} failed; trying the next one", worker.Key);
                _workers.TryRemove(model, out _);
            }
            finally
            {
                _sentItems.AddOrUpdate(worker.Key, 0, (_, sent) => sent - texts.Length);
            }
        }

        return EmbeddingAnswer.Refused(refusal);
    }

    /// <summary>Each live worker's status asked of the worker itself (its last report where it does not answer).</summary>
    public async Task<IReadOnlyList<WorkerStatus>> StatusAsync(string model)
    {
        var workers = await WorkersAsync(model, refresh: true);
        return await Task.WhenAll(workers.Select(async reported =>
        {
            try
            {
                return await grains.GetGrain<IModelWorkerGrain>(reported.Key).GetStatus().WaitAsync(TimeSpan.FromSeconds(5));
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                return reported;
            }
        }));
    }

    /// <summary>The model's live workers, as the pool last reported them.</summary>
    public async Task<IReadOnlyList<WorkerStatus>> WorkersAsync(string model, bool refresh)
    {
        var now = time.GetUtcNow();
        if (!refresh && _workers.TryGetValue(model, out var cached) && now - cached.At < CacheFor)
        {
            return cached.Workers;
        }

        var workers = await grains.GetGrain<IModelPoolGrain>(model).GetWorkers();
        _workers[model] = (workers, now);
        return workers;
    }
}
