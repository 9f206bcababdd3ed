using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using PowerAutomation.Grains.Abstractions.ModelWorkers;
using PowerAutomation.Inference.Batching;
using PowerAutomation.Inference.Embeddings;

namespace PowerAutomation.Grains.ModelWorkers;

/// <summary>
/// One model on one device. Activation loads and warms the model on a dedicated inference thread; calls
/// interleave (the grain is reentrant) and wait in the batcher's queue, so one forward pass serves many callers
/// without ever blocking the Orleans scheduler. A full queue refuses at once. A timer that keeps the worker
/// active reports its load to the model's pool, which is how callers find it.
/// </summary>
[ModelWorkerPlacement]
[Reentrant]
public sealed partial class ModelWorkerGrain(
    IOptions<ModelWorkerOptions> options,
    ModelWorkerRegistry registry,
    ModelWorkerMetrics metrics,
    TimeProvider time,
    ILogger<ModelWorkerGrain> logger) : Grain, IModelWorkerGrain
{
    private ModelWorkerKey _key = null!;
    private BatchedEncoder _encoder = null!;
    private long _batches;
    private long _items;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var key = this.GetPrimaryKeyString();
        _key = ModelWorkerKey.TryParse(key) ?? throw new ArgumentException($"'{key}' is not a model worker key.");
        if (_key.Model != ModelNames.MiniLm)
        {
            throw new ArgumentException($"No model-worker implementation for '{_key.Model}'.");
        }

        var settings = options.Value;
        var batching = new BatchingOptions { MaxBatchSize = settings.MaxBatchSize, MaxWait = settings.MaxBatchWait, QueueCapacity = settings.QueueCapacity };
        var encoderOptions = new SentenceEncoderOptions
        {
            Device = _key.Device,
            MaxBatchSize = settings.MaxBatchSize,
            Threads = _key.Device == "cpu" ? settings.CpuThreads : null,
        };
        _encoder = new BatchedEncoder($"model-worker {_key.Device}", encoderOptions, batching);
        _encoder.Batcher.BatchCompleted += OnBatch;
        var started = time.GetTimestamp();
        await _encoder.StartAsync();
        registry.Add(key, _encoder);
        LogStarted(_key.Model, _key.Device, time.GetElapsedTime(started).TotalMilliseconds);

        await ReportAsync(cancellationToken);
        this.RegisterGrainTimer(ReportAsync, new GrainTimerCreationOptions(settings.ReportInterval, settings.ReportInterval) { KeepAlive = true });
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        registry.Remove(this.GetPrimaryKeyString());
        try
        {
            await GrainFactory.GetGrain<IModelPoolGrain>(_key.Model).Leave(this.GetPrimaryKeyString());
        }
        catch (Exception exception)
        {
            // The pool drops workers that stop reporting anyway.
            LogLeaveFailed(exception, this.GetPrimaryKeyString());
        }

        _encoder?.Dispose();
    }

    public Task<WorkerStatus> Start() => Task.FromResult(Status());

    public Task<WorkerStatus> GetStatus() => Task.FromResult(Status());

    public async Task<EmbeddingAnswer> Embed(string[] texts)
    {
        if (_encoder.TryEmbed(texts) is not { } queued)
        {
            metrics.Refused(_key.Device);
            return EmbeddingAnswer.Refused(ModelWorkerErrors.Overloaded);
        }

        var embedded = await queued;
        var vectors = new float[embedded.Count][];
        var tokens = new int[embedded.Count];
        for (var i = 0; i < embedded.Count; i++)
        {
            (vectors[i], tokens[i]) = (embedded[i].Vector, embedded[i].Tokens);
        }

        return new EmbeddingAnswer(vectors, tokens, null);
    }

    // On the inference thread: only counters and metrics here.
    private void OnBatch(BatchRun run)
    {
        Interlocked.Increment(ref _batches);
        Interlocked.Add(ref _items, run.Items);
        metrics.Batch(_key.Device, run.Items, run.ModelTime, run.LongestWait);
    }

    private Task ReportAsync(CancellationToken cancellationToken) => GrainFactory.GetGrain<IModelPoolGrain>(_key.Model).Report(Status());

    private WorkerStatus Status() => new(
        this.GetPrimaryKeyString(), _key.Silo, _key.Device, _encoder.Batcher.QueuedItems, _encoder.Batcher.Options.QueueCapacity,
        _encoder.Batcher.Options.MaxBatchSize, Interlocked.Read(ref _batches), Interlocked.Read(ref _items), time.GetUtcNow());

    [LoggerMessage(Level = LogLevel.Information, Message = "Model worker for {Model} on {Device} ready in {Milliseconds:F0} ms (loaded and warmed up)")]
    private partial void LogStarted(string model, string device, double milliseconds);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Model worker {Worker} could not tell its pool it is leaving")]
    private partial void LogLeaveFailed(Exception exception, string worker);
}
