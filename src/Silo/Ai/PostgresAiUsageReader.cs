using System.Globalization;
using System.Text;
using Npgsql;
using PowerAutomation.Grains.Abstractions.Ai;
using PowerAutomation.Grains.Abstractions.Paging;
using PowerAutomation.Grains.Ai;
using PowerAutomation.Silo.Database;

namespace PowerAutomation.Silo.Ai;

/// <summary>
/// Reads <c>ai_usage</c> newest first by (time, id), filtered by user (the (user_id, time) index) and serving model
/// (the (model_served, time) index), and sums it per UTC day.
/// </summary>
public sealed class PostgresAiUsageReader(NpgsqlDataSource dataSource) : IAiUsageReader
{
    private const string Columns = "id, request_id, time, user_id, api_key_id, endpoint, model_requested, model_served, provider, input_tokens, " +
        "output_tokens, cached_input_tokens, cost_micro_usd, latency_ms, ttft_ms, status, streamed, edition";

    public async Task<IReadOnlyList<AiUsageEntry>> ListAsync(AiUsageQuery query, PageKey? after, int take, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand();
        var sql = Where(new StringBuilder($"SELECT {Columns} FROM ai_usage WHERE true"), command, query, query.From);
        return await Keyset.PageAsync(sql, command, after, "time", "id", HexId, take, Read, cancellationToken);
    }

    public async Task<IReadOnlyList<AiUsageDay>> DailyAsync(AiUsageQuery query, TimeSpan maxRange, CancellationToken cancellationToken = default)
    {
        // Without a start, the totals reach back maxRange from the end (or now): a year of days at most.
        var from = query.From ?? (query.To ?? DateTimeOffset.UtcNow) - maxRange;
        await using var command = dataSource.CreateCommand();
        var sql = Where(new StringBuilder(
            "SELECT (time AT TIME ZONE 'UTC')::date AS day, count(*), sum(input_tokens), sum(output_tokens), sum(cost_micro_usd) FROM ai_usage WHERE true"),
            command, query, from);
        sql.Append(" GROUP BY day ORDER BY day DESC");
        command.CommandText = sql.ToString();
        var days = new List<AiUsageDay>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            days.Add(new AiUsageDay(DateOnly.FromDateTime(reader.GetDateTime(0)), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4)));
        }

        return days;
    }

    private static StringBuilder Where(StringBuilder sql, NpgsqlCommand command, AiUsageQuery query, DateTimeOffset? from)
    {
        if (query.UserId is { } userId)
        {
            sql.Append(" AND user_id = @user");
            command.Parameters.AddWithValue("user", userId);
        }

        if (query.Model is { } model)
        {
            sql.Append(" AND model_served = @model");
            command.Parameters.AddWithValue("model", model);
        }

        if (from is { } start)
        {
            sql.Append(" AND time >= @from");
            command.Parameters.AddWithValue("from", start.UtcDateTime);
        }

        if (query.To is { } to)
        {
            sql.Append(" AND time < @to");
            command.Parameters.AddWithValue("to", to.UtcDateTime);
        }

        return sql;
    }

    private static AiUsageEntry Read(NpgsqlDataReader reader) => new(reader.GetInt64(0), new AiUsageRecord(
        reader.GetString(1),
        Keyset.Utc(reader, 2),
        reader.GetGuid(3),
        reader.IsDBNull(4) ? null : reader.GetString(4),
        reader.GetString(5),
        reader.GetString(6),
        reader.IsDBNull(7) ? null : reader.GetString(7),
        reader.IsDBNull(8) ? null : reader.GetString(8),
        reader.GetInt64(9),
        reader.GetInt64(10),
        reader.GetInt64(11),
        reader.GetInt64(12),
        reader.GetInt32(13),
        reader.IsDBNull(14) ? null : reader.GetInt32(14),
        reader.GetString(15),
        reader.GetBoolean(16),
        reader.IsDBNull(17) ? null : reader.GetString(17)));

    private static long HexId(string id) => long.Parse(id, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
}
