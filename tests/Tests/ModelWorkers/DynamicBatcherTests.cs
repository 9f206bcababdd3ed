using PowerAutomation.Inference.Batching;

namespace PowerAutomation.Tests.ModelWorkers;

/// <summary>The batcher with a stand-in model (upper-casing) that records each batch it is given.</summary>
public sealed class DynamicBatcherTests
{
    private readonly List<IReadOnlyList<string>> _batches = [];
    private readonly ManualResetEventSlim _modelGate = new(initialState: true);

    private DynamicBatcher<string, string> Start(int maxBatch, TimeSpan maxWait, int capacity)
    {
        var batcher = new DynamicBatcher<string, string>("test", new BatchingOptions { MaxBatchSize = maxBatch, MaxWait = maxWait, QueueCapacity = capacity }, items =>
        {
            _modelGate.Wait();
            lock (_batches)
            {
                _batches.Add(items.ToList());
            }

            return items.Select(i => i.ToUpperInvariant()).ToList();
        });
        batcher.StartAsync().Wait();
        return batcher;
    }

    [Fact]
    public async Task ConcurrentRequests_ShareOneBatch_AndEachGetsItsOwnResults()
    {
        using var batcher = Start(maxBatch: 8, maxWait: TimeSpan.FromSeconds(5), capacity: 64);

        // Four requests totalling 8 items: the batch closes on size, long before the 5 s wait.
        var requests = new[] { new[] { "a", "b" }, ["c"], ["d", "e", "f"], ["g", "h"] };
        var results = await Task.WhenAll(requests.Select(r => batcher.TrySubmit(r)!)).WaitAsync(TimeSpan.FromSeconds(2));

        Assert.Single(_batches);
        Assert.Equal(8, _batches[0].Count);
        for (var i = 0; i < requests.Length; i++)
        {
            Assert.Equal(requests[i].Select(x => x.ToUpperInvariant()), results[i]);
        }
    }

    [Fact]
    public async Task ALoneRequest_IsRunOnceTheMaximumWaitHasPassed()
    {
        using var batcher = Start(maxBatch: 32, maxWait: TimeSpan.FromMilliseconds(50), capacity: 64);
        var watch = System.Diagnostics.Stopwatch.StartNew();

        var result = await batcher.TrySubmit(["x"])!.WaitAsync(TimeSpan.FromSeconds(2));

        Assert.Equal(["X"], result);
        Assert.InRange(watch.ElapsedMilliseconds, 45, 1500);
    }

    [Fact]
    public async Task BatchesTakeWholeRequests_UpToTheMaximumSize()
    {
        _modelGate.Reset(); // hold the model so that everything queues behind the first batch
        using var batcher = Start(maxBatch: 4, maxWait: TimeSpan.Zero, capacity: 64);
        var first = batcher.TrySubmit(["1"])!;
        await WaitUntil(() => batcher.QueuedItems == 0);
        var rest = new[] { batcher.TrySubmit(["2", "3"])!, batcher.TrySubmit(["4", "5", "6"])!, batcher.TrySubmit(["7"])! };
        _modelGate.Set();

        await Task.WhenAll([first, .. rest]).WaitAsync(TimeSpan.FromSeconds(2));

        // [2, 3] and [4, 5, 6] would make 5: a request is never split across batches.
        Assert.Equal([1, 2, 4], _batches.Select(b => b.Count));
    }

    [Fact]
    public async Task AFullQueue_RefusesAtOnce_WithoutDisturbingWhatIsQueued()
    {
        _modelGate.Reset();
        using var batcher = Start(maxBatch: 2, maxWait: TimeSpan.Zero, capacity: 4);
        var running = batcher.TrySubmit(["a", "b"])!;
        await WaitUntil(() => batcher.QueuedItems == 0);
        var queued = batcher.TrySubmit(["c", "d", "e"])!;

        Assert.Null(batcher.TrySubmit(["f", "g"]));
        Assert.Equal(3, batcher.QueuedItems);
        Assert.NotNull(batcher.TrySubmit(["h"]));
        _modelGate.Set();

        Assert.Equal(["C", "D", "E"], await queued.WaitAsync(TimeSpan.FromSeconds(2)));
        Assert.Equal(["A", "B"], await running);
    }

    [Fact]
    public async Task AModelFailure_FailsOnlyThatBatchsCallers()
    {
        var calls = 0;
        using var batcher = new DynamicBatcher<string, string>("test", new BatchingOptions { MaxBatchSize = 1, MaxWait = TimeSpan.Zero, QueueCapacity = 4 },
            items => Interlocked.Increment(ref calls) == 1 ? throw new InvalidOperationException("boom") : items.ToList());
        await batcher.StartAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(() => batcher.TrySubmit(["a"])!);
        Assert.Equal(["b"], await batcher.TrySubmit(["b"])!);
    }

    [Fact]
    public async Task AFailedStart_FaultsStartAndEveryRequest()
    {
        using var batcher = new DynamicBatcher<string, string>("test", new BatchingOptions(), items => items.ToList(), () => throw new FileNotFoundException("no model"));

        await Assert.ThrowsAsync<FileNotFoundException>(batcher.StartAsync);
        Assert.Throws<ObjectDisposedException>(() => { _ = batcher.TrySubmit(["a"]); });
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition());
    }
}
