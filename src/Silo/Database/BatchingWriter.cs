using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using PowerAutomation.ServiceDefaults.Telemetry;

namespace PowerAutomation.Silo.Database;

/// <summary>
/// Writes rows to PostgreSQL in batches behind the callers. <see cref="Enqueue"/> only writes into a bounded
/// channel, so a slow database never holds a request; when the queue is full new rows are dropped and counted
/// (<c>pa.{name}.dropped</c>) rather than blocking. A failed batch is retried with backoff, five times, then
/// counted as dropped. On shutdown the queue is drained first.
/// </summary>
public abstract partial class BatchingWriter<T> : BackgroundService
{
    private const int MaxBatch = 1000;
    private const int QueueCapacity = 50_000;

    private readonly Channel<T> _queue;
    private readonly ILogger _logger;
    private readonly Counter<long> _written;
    private readonly Counter<long> _dropped;
    private readonly string _what;

    protected BatchingWriter(string name, string what, NpgsqlDataSource dataSource, ILogger logger, IMeterFactory meters)
    {
        DataSource = dataSource;
        _logger = logger;
        _what = what;
        var meter = meters.Create(TelemetryExtensions.MeterName);
        _written = meter.CreateCounter<long>($"pa.{name}.written", description: $"{what} written to PostgreSQL");
        _dropped = meter.CreateCounter<long>($"pa.{name}.dropped", description: $"{what} dropped because the queue was full or the database failed");
        _queue = Channel.CreateBounded<T>(
            new BoundedChannelOptions(QueueCapacity) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true },
            _ => _dropped.Add(1));
    }

    protected NpgsqlDataSource DataSource { get; }

    protected void Enqueue(T item) => _queue.Writer.TryWrite(item);

    /// <summary>Writes one batch (binary COPY); throws <see cref="NpgsqlException"/> or <see cref="TimeoutException"/> to be retried.</summary>
    protected abstract Task WriteAsync(List<T> batch);

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // Let the loop drain what is queued before the process goes.
        _queue.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<T>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync(CancellationToken.None))
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var item))
            {
                batch.Add(item);
            }

            await WriteWithRetryAsync(batch, stoppingToken);
            batch.Clear();
        }
    }

    private async Task WriteWithRetryAsync(List<T> batch, CancellationToken stoppingToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await WriteAsync(batch);
                _written.Add(batch.Count);
                return;
            }
            catch (Exception exception) when (exception is NpgsqlException or TimeoutException)
            {
                if (attempt >= 5 || stoppingToken.IsCancellationRequested)
                {
                    _dropped.Add(batch.Count);
                    LogBatchLost(_logger, exception, batch.Count, _what, attempt);
                    return;
                }

                LogBatchRetry(_logger, exception, batch.Count, _what, attempt);
                await Task.Delay(TimeSpan.FromMilliseconds(200 * Math.Pow(2, attempt)), CancellationToken.None);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing {Count} {What} failed (attempt {Attempt}); retrying")]
    private static partial void LogBatchRetry(ILogger logger, Exception exception, int count, string what, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Gave up writing {Count} {What} after {Attempt} attempts")]
    private static partial void LogBatchLost(ILogger logger, Exception exception, int count, string what, int attempt);
}
