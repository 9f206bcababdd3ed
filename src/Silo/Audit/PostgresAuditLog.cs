using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using PowerAutomation.Grains.Abstractions.Audit;
using PowerAutomation.Grains.Audit;
using PowerAutomation.Silo.Database;

namespace PowerAutomation.Silo.Audit;

/// <summary>
/// Batches audit events into <c>audit_logs</c> with binary COPY behind the requests (<see cref="BatchingWriter{T}"/>:
/// a bounded queue, drops counted as <c>pa.audit.dropped</c>, retries with backoff), creating monthly partitions ahead.
/// </summary>
public sealed partial class PostgresAuditLog(NpgsqlDataSource dataSource, ILogger<PostgresAuditLog> logger, IMeterFactory meters)
    : BatchingWriter<AuditEvent>("audit", "audit events", dataSource, logger, meters), IAuditLog
{
    private static readonly TimeSpan PartitionCheckInterval = TimeSpan.FromHours(12);

    private DateTimeOffset _partitionsCheckedAt = DateTimeOffset.MinValue;

    public void Append(AuditEvent auditEvent) => Enqueue(auditEvent);

    protected override async Task WriteAsync(List<AuditEvent> batch)
    {
        await EnsurePartitionsAsync();
        await CopyAsync(batch);
    }

    private async Task CopyAsync(List<AuditEvent> batch)
    {
        await using var connection = await DataSource.OpenConnectionAsync();
        await using var importer = await connection.BeginBinaryImportAsync(
            "COPY audit_logs (occurred_at, kind, user_id, subject, ip_address, detail) FROM STDIN (FORMAT BINARY)");
        foreach (var item in batch)
        {
            await importer.StartRowAsync();
            await importer.WriteAsync(item.OccurredAt.UtcDateTime, NpgsqlDbType.TimestampTz);
            await importer.WriteAsync(item.Kind, NpgsqlDbType.Text);
            await importer.WriteNullableAsync(item.UserId, NpgsqlDbType.Uuid);
            await importer.WriteNullableAsync(item.Subject, NpgsqlDbType.Text);
            await importer.WriteNullableAsync(item.IpAddress, NpgsqlDbType.Text);
            await importer.WriteNullableAsync(item.Detail, NpgsqlDbType.Text);
        }

        await importer.CompleteAsync();
    }

    private async Task EnsurePartitionsAsync()
    {
        if (DateTimeOffset.UtcNow - _partitionsCheckedAt < PartitionCheckInterval)
        {
            return;
        }

        await using var command = DataSource.CreateCommand("SELECT pa_ensure_audit_partitions(3)");
        var created = (int)(await command.ExecuteScalarAsync() ?? 0);
        _partitionsCheckedAt = DateTimeOffset.UtcNow;
        if (created > 0)
        {
            LogPartitionsCreated(logger, created);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Created {Count} monthly audit_logs partitions")]
    private static partial void LogPartitionsCreated(ILogger logger, int count);
}
