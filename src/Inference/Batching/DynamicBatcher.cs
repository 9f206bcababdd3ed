using System.Diagnostics;

namespace PowerAutomation.Inference.Batching;

/// <summary>
/// Dynamic batching on one dedicated thread: requests (each a list of items) queue; a batch closes when it holds
/// <see cref="BatchingOptions.MaxBatchSize"/> items or its oldest request has waited <see cref="BatchingOptions.MaxWait"/>;
/// the model runs the whole batch at once and each request gets its own slice of the results. The queue is
/// bounded: a request that does not fit is refused at once, so callers see overload instead of unbounded latency.
/// Models that are not thread-safe (TorchSharp's) are only ever touched from the batching thread.
/// </summary>
public sealed class DynamicBatcher<TItem, TResult> : IDisposable
{
    private readonly BatchingOptions _options;
    private readonly Func<IReadOnlyList<TItem>, IReadOnlyList<TResult>> _run;
    private readonly Action? _start;
    private readonly Queue<Pending> _queue = new();
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Thread _thread;
    private int _queuedItems;
    private bool _stopping;

    /// <param name="run">Runs one batch; results in item order, one per item. Called on the batching thread only.</param>
    /// <param name="start">Runs first on the batching thread (load the model, warm it up).</param>
    public DynamicBatcher(string name, BatchingOptions options, Func<IReadOnlyList<TItem>, IReadOnlyList<TResult>> run, Action? start = null)
    {
        options.Validate();
        _options = options;
        _run = run;
        _start = start;
        _thread = new Thread(Loop) { IsBackground = true, Name = name };
    }

    /// <summary>Called after each batch, on the batching thread: items, requests, time spent in the model.</summary>
    public event Action<BatchRun>? BatchCompleted;

    /// <summary>Items waiting for a batch now.</summary>
    public int QueuedItems => Volatile.Read(ref _queuedItems);

    public BatchingOptions Options => _options;

    /// <summary>Starts the thread; completes once <c>start</c> has run (or faults with its exception).</summary>
    public Task StartAsync()
    {
        _thread.Start();
        return _started.Task;
    }

    /// <summary>Queues a request, or returns null when the queue cannot take its items.</summary>
    public Task<IReadOnlyList<TResult>>? TrySubmit(IReadOnlyList<TItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (items.Count == 0)
        {
            return Task.FromResult<IReadOnlyList<TResult>>([]);
        }

        var pending = new Pending(items, Stopwatch.GetTimestamp());
        lock (_queue)
        {
            ObjectDisposedException.ThrowIf(_stopping, this);
            // A request larger than the whole queue could never fit; it is admitted alone into an empty queue.
            if (_queuedItems > 0 && _queuedItems + items.Count > _options.QueueCapacity)
            {
                return null;
            }

            _queue.Enqueue(pending);
            _queuedItems += items.Count;
            Monitor.Pulse(_queue);
        }

        return pending.Result.Task;
    }

    private void Loop()
    {
        try
        {
            _start?.Invoke();
            _started.SetResult();
        }
        catch (Exception exception)
        {
            // Refuse new requests before StartAsync's caller hears of the failure, so it never sees a batcher still taking them.
            FailAll(exception);
            _started.SetException(exception);
            return;
        }

        while (NextBatch() is { } batch)
        {
            RunBatch(batch);
        }
    }

    // Waits for a first request, then for the batch to fill or its oldest request's wait to run out.
    private List<Pending>? NextBatch()
    {
        lock (_queue)
        {
            while (_queue.Count == 0 && !_stopping)
            {
                Monitor.Wait(_queue);
            }

            if (_stopping)
            {
                return null;
            }

            var closesAt = _queue.Peek().QueuedAt + (long)(_options.MaxWait.TotalSeconds * Stopwatch.Frequency);
            while (_queuedItems < _options.MaxBatchSize && !_stopping)
            {
                var left = closesAt - Stopwatch.GetTimestamp();
                if (left <= 0)
                {
                    break;
                }

                Monitor.Wait(_queue, TimeSpan.FromSeconds((double)left / Stopwatch.Frequency));
            }

            // Whole requests only; the first is always taken, even if it alone is larger than a batch.
            var batch = new List<Pending>();
            var items = 0;
            while (_queue.Count > 0 && (batch.Count == 0 || items + _queue.Peek().Items.Count <= _options.MaxBatchSize))
            {
                var next = _queue.Dequeue();
                items += next.Items.Count;
                batch.Add(next);
            }

            _queuedItems -= items;
            return batch;
        }
    }

    private void RunBatch(List<Pending> batch)
    {
        var items = batch.Count == 1 ? batch[0].Items : batch.SelectMany(p => p.Items).ToList();
        var started = Stopwatch.GetTimestamp();
        IReadOnlyList<TResult> results;
        try
        {
            results = _run(items);
            if (results.Count != items.Count)
            {
                throw new InvalidOperationException($"The model returned {results.Count} results for {items.Count} items.");
            }
        }
        catch (Exception exception)
        {
            foreach (var pending in batch)
            {
                pending.Result.TrySetException(exception);
            }

            return;
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        var offset = 0;
        foreach (var pending in batch)
        {
            var count = pending.Items.Count;
            pending.Result.TrySetResult(batch.Count == 1 ? results : results.Skip(offset).Take(count).ToArray());
            offset += count;
        }

        BatchCompleted?.Invoke(new BatchRun(items.Count, batch.Count, elapsed, batch.Max(p => Stopwatch.GetElapsedTime(p.QueuedAt, started))));
    }

    private void FailAll(Exception exception)
    {
        lock (_queue)
        {
            _stopping = true;
            while (_queue.TryDequeue(out var pending))
            {
                pending.Result.TrySetException(exception);
            }

            _queuedItems = 0;
            Monitor.PulseAll(_queue);
        }
    }

    /// <summary>Stops taking requests; those still queued fail; a batch already running finishes.</summary>
    public void Dispose()
    {
        FailAll(new ObjectDisposedException(GetType().Name, "The batcher stopped."));
        if (_thread.IsAlive && Thread.CurrentThread != _thread)
        {
            _thread.Join(TimeSpan.FromSeconds(30));
        }
    }

    private sealed record Pending(IReadOnlyList<TItem> Items, long QueuedAt)
    {
        public TaskCompletionSource<IReadOnlyList<TResult>> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

/// <summary>One batch the model ran: how many items and requests, its time in the model, and the longest queue wait in it.</summary>
public readonly record struct BatchRun(int Items, int Requests, TimeSpan ModelTime, TimeSpan LongestWait);
