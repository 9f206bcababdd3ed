using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using PowerAutomation.Grains.Abstractions.Audit;
using PowerAutomation.Grains.Audit;
using PowerAutomation.ServiceDefaults.Telemetry;

namespace PowerAutomation.Silo.Audit;

/// <summary>
/// Batches audit events into <c>audit_logs</c> with binary COPY. Producers only enqueue into a bounded
/// channel, so a slow database never holds a request; when the queue is full new events are dropped and
/// counted (<c>pa.audit.dropped</c>) rather than blocking. A failed batch is retried with backoff.
/// </summary>
public sealed partial class PostgresAuditLog : BackgroundService, IAuditLog
{
    private const int MaxBatch = 1000;
    private static readonly TimeSpan PartitionCheckInterval = TimeSpan.FromHours(12);

    private readonly Channel<AuditEvent> _queue;
    private readonly NpgsqlDataSource _dataSource;
    private readonly ILogger<PostgresAuditLog> _logger;
    private readonly Counter<long> _written;
    private readonly Counter<long> _dropped;
    private DateTimeOffset _partitionsCheckedAt = DateTimeOffset.MinValue;

    public PostgresAuditLog(NpgsqlDataSource dataSource, ILogger<PostgresAuditLog> logger, IMeterFactory meters)
    {
        _dataSource = dataSource;
        _logger = logger;
        var meter = meters.Create(TelemetryExtensions.MeterName);
        _written = meter.CreateCounter<long>("pa.audit.written", description: "Audit events written to PostgreSQL");
        _dropped = meter.CreateCounter<long>("pa.audit.dropped", description: "Audit events dropped because the queue was full");
        _queue = Channel.CreateBounded<AuditEvent>(
            new BoundedChannelOptions(50_000) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true },
            _ => _dropped.Add(1));
    }

    public void Append(AuditEvent auditEvent) => _queue.Writer.TryWrite(auditEvent);

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // Let the loop drain what is queued before the process goes.
        _queue.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<AuditEvent>(MaxBatch);
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

    private async Task WriteWithRetryAsync(List<AuditEvent> batch, CancellationToken stoppingToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await EnsurePartitionsAsync();
                await CopyAsync(batch);
                _written.Add(batch.Count);
                return;
            }
            catch (Exception exception) when (exception is NpgsqlException or TimeoutException)
            {
                if (attempt >= 5 || stoppingToken.IsCancellationRequested)
                {
                    _dropped.Add(batch.Count);
                    LogBatchLost(exception, batch.Count, attempt);
                    return;
                }

                LogBatchRetry(exception, batch.Count, attempt);
                await Task.Delay(TimeSpan.FromMilliseconds(200 * Math.Pow(2, attempt)), CancellationToken.None);
            }
        }
    }

    private async Task CopyAsync(List<AuditEvent> batch)
    {
        await using var connection = await _dataSource.OpenConnectionAsync();
        await using var importer = await connection.BeginBinaryImportAsync(
            "COPY audit_logs (occurred_at, kind, user_id, subject, ip_address, detail) FROM STDIN (FORMAT BINARY)");
        foreach (var item in batch)
        {
            await importer.StartRowAsync();
            await importer.WriteAsync(item.OccurredAt.UtcDateTime, NpgsqlDbType.TimestampTz);
            await importer.WriteAsync(item.Kind, NpgsqlDbType.Text);
            await WriteNullableAsync(importer, item.UserId, NpgsqlDbType.Uuid);
            await WriteNullableAsync(importer, item.Subject, NpgsqlDbType.Text);
            await WriteNullableAsync(importer, item.IpAddress, NpgsqlDbType.Text);
            await WriteNullableAsync(importer, item.Detail, NpgsqlDbType.Text);
        }

        await importer.CompleteAsync();
    }

    private static async Task WriteNullableAsync<T>(NpgsqlBinaryImporter importer, T? value, NpgsqlDbType type)
    {
        if (value is null)
        {
            await importer.WriteNullAsync();
        }
        else
        {
            await importer.WriteAsync(value, type);
        }
    }

    private async Task EnsurePartitionsAsync()
    {
        if (DateTimeOffset.UtcNow - _partitionsCheckedAt < PartitionCheckInterval)
        {
            return;
        }

        await using var command = _dataSource.CreateCommand("SELECT pa_ensure_audit_partitions(3)");
        var created = (int)(await command.ExecuteScalarAsync() ?? 0);
        _partitionsCheckedAt = DateTimeOffset.UtcNow;
        if (created > 0)
        {
            LogPartitionsCreated(created);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing {Count} audit events failed (attempt {Attempt}); retrying")]
    private partial void LogBatchRetry(Exception exception, int count, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Gave up writing {Count} audit events after {Attempt} attempts")]
    private partial void LogBatchLost(Exception exception, int count, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Created {Count} monthly audit_logs partitions")]
    private partial void LogPartitionsCreated(int count);
}
