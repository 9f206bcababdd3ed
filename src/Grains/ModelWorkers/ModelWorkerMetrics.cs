using System.Diagnostics.Metrics;

namespace PowerAutomation.Grains.ModelWorkers;

/// <summary>What operators watch on the worker pool: queue depth, batch sizes, model time, refusals.</summary>
public sealed class ModelWorkerMetrics
{
    public const string MeterName = "PowerAutomation.ModelWorkers";

    private readonly Histogram<int> _batchSize;
    private readonly Histogram<double> _modelTime;
    private readonly Histogram<double> _queueWait;
    private readonly Counter<long> _refused;
    private readonly Counter<long> _sentences;
    private readonly Func<IEnumerable<(string Worker, int Queued)>> _queues;

    public ModelWorkerMetrics(IMeterFactory meters, ModelWorkerRegistry registry)
    {
        var meter = meters.Create(MeterName);
        _batchSize = meter.CreateHistogram<int>("pa.model.batch.size", "{sentence}", "Sentences per batch the model ran");
        _modelTime = meter.CreateHistogram<double>("pa.model.batch.duration", "ms", "Time the model spent on one batch");
        _queueWait = meter.CreateHistogram<double>("pa.model.queue.wait", "ms", "Longest wait for a batch among its requests");
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
        _modelTime.Record(modelTime.TotalMilliseconds, tag);
        _queueWait.Record(longestWait.TotalMilliseconds, tag);
        _sentences.Add(items, tag);
    }

    public void Refused(string device) => _refused.Add(1, new KeyValuePair<string, object?>("device", device));
}
