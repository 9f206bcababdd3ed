using System.Diagnostics.Metrics;

namespace PowerAutomation.Grains.ModelWorkers;

/// <summary>What operators watch on the worker pool: queue depth, batch sizes, model time, refusals.</summary>
public sealed class ModelWorkerMetrics
{
    public const string MeterName = "PowerAutomation.ModelWorkers";

    private static readonly double[] SecondsBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly Histogram<int> _batchSize;
    private readonly Histogram<double> _modelTime;
    private readonly Histogram<double> _queueWait;
    private readonly Counter<long> _refused;
    private readonly Counter<long> _sentences;
    private readonly Func<IEnumerable<(string Worker, int Queued)>> _queues;

    public ModelWorkerMetrics(IMeterFactory meters, ModelWorkerRegistry registry)
    {
        var meter = meters.Create(MeterName);
        _batchSize = meter.CreateHistogram("pa.model.batch.size", "{sentence}", "Sentences per batch the model ran",
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512] });
        // Seconds, with buckets from half a millisecond: a batch takes milliseconds, a wait under load can take seconds.
        _modelTime = meter.CreateHistogram("pa.model.batch.duration", "s", "Time the model spent on one batch",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });
        _queueWait = meter.CreateHistogram("pa.model.queue.wait", "s", "Longest wait for a batch among its requests",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });
        _refused = meter.CreateCounter<long>("pa.model.requests.refused", "{request}", "Requests refused because the queue was full");
        _sentences = meter.CreateCounter<long>("pa.model.sentences", "{sentence}", "Sentences embedded");
        _queues = registry.Queues;
        meter.CreateObservableGauge("pa.model.queue.depth", () => _queues().Select(q => new Measurement<int>(q.Queued, new KeyValuePair<string, object?>("worker", q.Worker))),
            "{sentence}", "Sentences waiting for a batch, per worker");
    }

    public void Batch(string device, int items, TimeSpan modelTime, TimeSpan longestWait)
    {
        var tag = new KeyValuePair<string, object?>("device", device);
        _batchSize.Record(items, tag);
        _modelTime.Record(modelTime.TotalSeconds, tag);
        _queueWait.Record(longestWait.TotalSeconds, tag);
        _sentences.Add(items, tag);
    }

    public void Refused(string device) => _refused.Add(1, new KeyValuePair<string, object?>("device", device));
}
