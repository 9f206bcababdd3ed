using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using PowerAutomation.Grains.Abstractions.Ai;
using PowerAutomation.Grains.Ai;
using PowerAutomation.Silo.Database;

namespace PowerAutomation.Silo.Ai;

/// <summary>
/// Batches AI usage rows into <c>ai_usage</c> with binary COPY behind the calls (<see cref="BatchingWriter{T}"/>: a
/// bounded queue, drops counted as <c>pa.ai_usage.dropped</c>, retries with backoff).
/// </summary>
public sealed class PostgresAiUsageLog(NpgsqlDataSource dataSource, ILogger<PostgresAiUsageLog> logger, IMeterFactory meters)
    : BatchingWriter<AiUsageRecord>("ai_usage", "AI usage rows", dataSource, logger, meters), IAiUsageLog
{
    public void Append(AiUsageRecord record) => Enqueue(record);

    protected override async Task WriteAsync(List<AiUsageRecord> batch)
    {
        await using var connection = await DataSource.OpenConnectionAsync();
        await using var importer = await connection.BeginBinaryImportAsync(
            "COPY ai_usage (request_id, time, user_id, api_key_id, endpoint, model_requested, model_served, provider, input_tokens, " +
            "output_tokens, cached_input_tokens, cost_micro_usd, latency_ms, ttft_ms, status, streamed, edition) FROM STDIN (FORMAT BINARY)");
        foreach (var row in batch)
        {
            await importer.StartRowAsync();
            await importer.WriteAsync(row.RequestId, NpgsqlDbType.Text);
            await importer.WriteAsync(row.Time.UtcDateTime, NpgsqlDbType.TimestampTz);
            await importer.WriteAsync(row.UserId, NpgsqlDbType.Uuid);
            await importer.WriteNullableAsync(row.ApiKeyId, NpgsqlDbType.Text);
            await importer.WriteAsync(row.Endpoint, NpgsqlDbType.Text);
            await importer.WriteAsync(row.ModelRequested, NpgsqlDbType.Text);
            await importer.WriteNullableAsync(row.ModelServed, NpgsqlDbType.Text);
            await importer.WriteNullableAsync(row.Provider, NpgsqlDbType.Text);
            await importer.WriteAsync(row.InputTokens, NpgsqlDbType.Bigint);
            await importer.WriteAsync(row.OutputTokens, NpgsqlDbType.Bigint);
            await importer.WriteAsync(row.CachedInputTokens, NpgsqlDbType.Bigint);
            await importer.WriteAsync(row.CostMicroUsd, NpgsqlDbType.Bigint);
            await importer.WriteAsync(row.LatencyMs, NpgsqlDbType.Integer);
            await importer.WriteNullableAsync(row.TimeToFirstTokenMs, NpgsqlDbType.Integer);
            await importer.WriteAsync(row.Status, NpgsqlDbType.Text);
            await importer.WriteAsync(row.Streamed, NpgsqlDbType.Boolean);
            await importer.WriteNullableAsync(row.Edition, NpgsqlDbType.Text);
        }

        await importer.CompleteAsync();
    }
}
