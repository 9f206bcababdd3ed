using System.Globalization;
using System.Text;
using Npgsql;
using PowerAutomation.Grains.Abstractions.Audit;
using PowerAutomation.Grains.Abstractions.Paging;
using PowerAutomation.Grains.Audit;
using PowerAutomation.Silo.Database;

namespace PowerAutomation.Silo.Audit;

/// <summary>
/// Reads <c>audit_logs</c> newest first. A time range prunes the monthly partitions; the user and kind filters use the
/// (user_id, occurred_at) and (kind, occurred_at) indexes of 0004.
/// </summary>
public sealed class PostgresAuditReader(NpgsqlDataSource dataSource) : IAuditReader
{
    public async Task<IReadOnlyList<AuditEntry>> ListAsync(AuditQuery query, PageKey? after, int take, CancellationToken cancellationToken = default)
    {
        var sql = new StringBuilder("SELECT id, occurred_at, kind, user_id, subject, ip_address, detail FROM audit_logs WHERE true");
        await using var command = dataSource.CreateCommand();
        if (query.UserId is { } userId)
        {
            sql.Append(" AND user_id = @user");
            command.Parameters.AddWithValue("user", userId);
        }

        if (query.Kind is { } kind)
        {
            sql.Append(" AND kind = @kind");
            command.Parameters.AddWithValue("kind", kind);
        }

        if (query.From is { } from)
        {
            sql.Append(" AND occurred_at >= @from");
            command.Parameters.AddWithValue("from", from.UtcDateTime);
        }

        if (query.To is { } to)
        {
            sql.Append(" AND occurred_at < @to");
            command.Parameters.AddWithValue("to", to.UtcDateTime);
        }

        return await Keyset.PageAsync(sql, command, after, "occurred_at", "id", HexId, take, reader => new AuditEntry(
            reader.GetInt64(0),
            new AuditEvent(
                reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetGuid(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                Keyset.Utc(reader, 1))), cancellationToken);
    }

    private static long HexId(string id) => long.Parse(id, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
}
