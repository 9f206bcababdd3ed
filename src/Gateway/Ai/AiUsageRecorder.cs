using System.Diagnostics.Metrics;
using System.Threading.Channels;
using PowerAutomation.Ai.Calls;
using PowerAutomation.Grains.Abstractions.Ai;
using PowerAutomation.ServiceDefaults.Telemetry;

namespace PowerAutomation.Gateway.Ai;

/// <summary>
/// The gateway's usage rows, sent to the silo's usage log in batches off the request path: <see cref="Record"/>
/// only writes into a bounded queue (full: the row is dropped and counted as <c>pa.ai_usage.gateway_dropped</c>);
/// a loop sends what has gathered every <see cref="FlushInterval"/> (at most <see cref="MaxBatch"/> a call), and on
/// shutdown sends the rest. Rows still queued when the process dies are lost: the call was charged regardless.
/// </summary>
public sealed partial class AiUsageRecorder : BackgroundService, IAiUsageSink
{
    public const int MaxBatch = 500;
    public static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(100);

    private readonly Channel<AiUsageRecord> _queue;
    private readonly IClusterClient _cluster;
    private readonly ILogger<AiUsageRecorder> _logger;
    private readonly Counter<long> _dropped;

    public AiUsageRecorder(IClusterClient cluster, ILogger<AiUsageRecorder> logger, IMeterFactory meters)
    {
        _cluster = cluster;
        _logger = logger;
        _dropped = meters.Create(TelemetryExtensions.MeterName)
            .CreateCounter<long>("pa.ai_usage.gateway_dropped", description: "AI usage rows the gateway dropped (queue full or the cluster unreachable)");
        _queue = Channel.CreateBounded<AiUsageRecord>(
            new BoundedChannelOptions(20_000) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true },
            _ => _dropped.Add(1));
    }

    public void Record(AiUsageRecord record) => _queue.Writer.TryWrite(record);

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<AiUsageRecord>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync(CancellationToken.None))
        {
            if (!stoppingToken.IsCancellationRequested)
            {
                // Let a batch gather (wall clock: tests may fake the gateway's TimeProvider, never this window).
                await Task.Delay(FlushInterval, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }

            while (_queue.Reader.TryPeek(out _))
            {
                while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var record))
                {
                    batch.Add(record);
                }

                await SendAsync(batch);
                batch.Clear();
            }
        }
    }

    private async Task SendAsync(List<AiUsageRecord> batch)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await _cluster.GetGrain<IAiUsageLogGrain>(0).Append(batch.ToArray());
                return;
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                if (attempt >= 3)
                {
                    _dropped.Add(batch.Count);
                    LogBatchLost(exception, batch.Count);
                    return;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(250 * attempt), CancellationToken.None);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Gave up sending {Count} AI usage rows to the cluster")]
    private partial void LogBatchLost(Exception exception, int count);
}
