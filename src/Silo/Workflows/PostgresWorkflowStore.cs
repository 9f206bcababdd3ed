using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using PowerAutomation.Grains.Abstractions.Workflows;
using PowerAutomation.Grains.Workflows;

namespace PowerAutomation.Silo.Workflows;

/// <summary>
/// <c>workflow_events</c> and <c>workflow_runs</c>. Appends from every run on this silo are group-committed: each
/// writer takes whatever is queued, writes it in one round trip and one transaction (an INSERT over arrays for the
/// events, an upsert for the index), and only then releases the runs waiting on it. A run whose sequence numbers were
/// already taken is refused alone; the rest of its batch is written without it.
/// </summary>
public sealed partial class PostgresWorkflowStore : IWorkflowStore
{
    private const int Writers = 2;
    private const int MaxEventsPerBatch = 4096;

    private readonly NpgsqlDataSource _dataSource;
    private readonly ILogger<PostgresWorkflowStore> _logger;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>();

    public PostgresWorkflowStore(NpgsqlDataSource dataSource, ILogger<PostgresWorkflowStore> logger)
    {
        _dataSource = dataSource;
        _logger = logger;
        for (var i = 0; i < Writers; i++)
        {
            _ = Task.Run(WriteLoopAsync);
        }
    }

    public Task AppendAsync(Guid runId, IReadOnlyList<RunEvent> events, RunIndexEntry? index, CancellationToken cancellationToken = default)
    {
        var pending = new Pending(runId, events, index, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        return _queue.Writer.TryWrite(pending) ? pending.Done.Task : Task.FromException(new ObjectDisposedException(nameof(PostgresWorkflowStore)));
    }

    public Task<IReadOnlyList<RunEvent>> LoadAsync(Guid runId, CancellationToken cancellationToken = default) =>
        LoadAsync(runId, 0, int.MaxValue, cancellationToken);

    public async Task<IReadOnlyList<RunEvent>> LoadAsync(Guid runId, int after, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand(
            "SELECT seq, type, step_id, attempt, created_at, data FROM workflow_events WHERE run_id = @run AND seq > @after ORDER BY seq LIMIT @limit");
        command.Parameters.AddWithValue("run", runId);
        command.Parameters.AddWithValue("after", after);
        command.Parameters.AddWithValue("limit", (long)limit);
        var events = new List<RunEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            events.Add(new RunEvent(
                reader.GetInt32(0),
                reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetInt32(3),
                new DateTimeOffset(reader.GetDateTime(4), TimeSpan.Zero),
                reader.IsDBNull(5) ? null : reader.GetString(5)));
        }

        return events;
    }

    public async Task<IReadOnlyList<Guid>> DueForSweepAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand(
            "SELECT run_id FROM workflow_runs WHERE sweep_after <= @now ORDER BY sweep_after LIMIT @limit");
        command.Parameters.AddWithValue("now", now.UtcDateTime);
        command.Parameters.AddWithValue("limit", limit);
        var runs = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            runs.Add(reader.GetGuid(0));
        }

        return runs;
    }

    private async Task WriteLoopAsync()
    {
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync())
        {
            var batch = new List<Pending>();
            var events = 0;
            while (events < MaxEventsPerBatch && reader.TryRead(out var pending))
            {
                batch.Add(pending);
                events += pending.Events.Count;
            }

            await WriteAsync(batch);
        }
    }

    private async Task WriteAsync(List<Pending> batch)
    {
        try
        {
            await WriteBatchAsync(batch);
            foreach (var pending in batch)
            {
                pending.Done.TrySetResult();
            }
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            // Someone else wrote one of these runs' sequence numbers (a split activation): nothing of the batch was
            // committed, so each run is written on its own to find which one it was.
            if (batch.Count == 1)
            {
                batch[0].Done.TrySetException(new RunConflictException(batch[0].RunId));
                return;
            }

            foreach (var pending in batch)
            {
                await WriteAsync([pending]);
            }
        }
        catch (Exception exception)
        {
            LogWriteFailed(exception, batch.Count);
            foreach (var pending in batch)
            {
                pending.Done.TrySetException(exception);
            }
        }
    }

    /// <summary>
    /// The events and the index upserts as one batch: one round trip, one implicit transaction, so all of it is
    /// committed or none.
    /// </summary>
    private async Task WriteBatchAsync(List<Pending> batch)
    {
        await using var connection = await _dataSource.OpenConnectionAsync();
        await using var write = new NpgsqlBatch(connection);
        var rows = batch.SelectMany(p => p.Events.Select(e => (p.RunId, Event: e))).ToList();
        var insert = new NpgsqlBatchCommand("""
            INSERT INTO workflow_events (run_id, seq, type, step_id, attempt, created_at, data)
            SELECT * FROM unnest($1, $2, $3, $4, $5, $6, $7)
            """);
        insert.Parameters.Add(new NpgsqlParameter { Value = rows.Select(r => r.RunId).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter { Value = rows.Select(r => r.Event.Seq).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter { Value = rows.Select(r => r.Event.Type).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, Value = rows.Select(r => (object?)r.Event.StepId ?? DBNull.Value).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer, Value = rows.Select(r => r.Event.Attempt is { } a ? (object)a : DBNull.Value).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter { Value = rows.Select(r => r.Event.Timestamp.UtcDateTime).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Json, Value = rows.Select(r => (object?)r.Event.DataJson ?? DBNull.Value).ToArray() });
        write.BatchCommands.Add(insert);

        // One row per run: a run has at most one append in flight, but stay safe if that ever changes.
        var index = batch.Where(p => p.Index is not null).GroupBy(p => p.RunId).Select(g => g.Last().Index!).ToList();
        if (index.Count > 0)
        {
            var upsert = new NpgsqlBatchCommand("""
                INSERT INTO workflow_runs (run_id, workflow_id, version, owner_id, status, created_at, updated_at, sweep_after, finished_at)
                SELECT * FROM unnest($1, $2, $3, $4, $5, $6, $7, $8, $9)
                ON CONFLICT (run_id) DO UPDATE
                SET status = EXCLUDED.status, updated_at = EXCLUDED.updated_at, sweep_after = EXCLUDED.sweep_after,
                    finished_at = COALESCE(workflow_runs.finished_at, EXCLUDED.finished_at)
                """);
            upsert.Parameters.Add(new NpgsqlParameter { Value = index.Select(i => i.RunId).ToArray() });
            upsert.Parameters.Add(new NpgsqlParameter { Value = index.Select(i => i.WorkflowId).ToArray() });
            upsert.Parameters.Add(new NpgsqlParameter { Value = index.Select(i => i.Version).ToArray() });
            upsert.Parameters.Add(new NpgsqlParameter { Value = index.Select(i => i.OwnerId).ToArray() });
            upsert.Parameters.Add(new NpgsqlParameter { Value = index.Select(i => i.Status).ToArray() });
            upsert.Parameters.Add(new NpgsqlParameter { Value = index.Select(i => i.CreatedAt.UtcDateTime).ToArray() });
            upsert.Parameters.Add(new NpgsqlParameter { Value = index.Select(i => i.UpdatedAt.UtcDateTime).ToArray() });
            upsert.Parameters.Add(new NpgsqlParameter
            {
                NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz,
                Value = index.Select(i => i.SweepAfter is { } at ? (object)at.UtcDateTime : DBNull.Value).ToArray(),
            });
            upsert.Parameters.Add(new NpgsqlParameter
            {
                NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz,
                Value = index.Select(i => i.FinishedAt is { } at ? (object)at.UtcDateTime : DBNull.Value).ToArray(),
            });
            write.BatchCommands.Add(upsert);
        }

        await write.ExecuteNonQueryAsync();
    }

    private sealed record Pending(Guid RunId, IReadOnlyList<RunEvent> Events, RunIndexEntry? Index, TaskCompletionSource Done);

    [LoggerMessage(Level = LogLevel.Error, Message = "Writing {Count} workflow appends failed")]
    private partial void LogWriteFailed(Exception exception, int count);
}
