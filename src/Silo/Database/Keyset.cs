using System.Text;
using Npgsql;
using PowerAutomation.Grains.Abstractions.Paging;

namespace PowerAutomation.Silo.Database;

/// <summary>The newest-first keyset condition every listing shares, and how its times are read back.</summary>
public static class Keyset
{
    /// <summary>
    /// Appends <c>AND (time, id) &lt; (cursor)</c> when there is a cursor. Column names are the caller's constants;
    /// the cursor's values travel as parameters.
    /// </summary>
    private static void Append<TId>(StringBuilder sql, NpgsqlCommand command, PageKey? after, string timeColumn, string idColumn, Func<string, TId> id)
        where TId : notnull
    {
        if (after is null)
        {
            return;
        }

        sql.Append(" AND (").Append(timeColumn).Append(", ").Append(idColumn).Append(") < (@after_at, @after_id)");
        command.Parameters.AddWithValue("after_at", after.At.UtcDateTime);
        command.Parameters.AddWithValue("after_id", id(after.Id));
    }

    /// <summary>
    /// Finishes a listing's query: the keyset condition, newest first by <c>(time, id)</c>, at most <paramref name="take"/>
    /// rows, each read by <paramref name="read"/>.
    /// </summary>
    public static async Task<IReadOnlyList<T>> PageAsync<TId, T>(
        StringBuilder sql, NpgsqlCommand command, PageKey? after, string timeColumn, string idColumn, Func<string, TId> id, int take,
        Func<NpgsqlDataReader, T> read, CancellationToken cancellationToken)
        where TId : notnull
    {
        Append(sql, command, after, timeColumn, idColumn, id);
        sql.Append(" ORDER BY ").Append(timeColumn).Append(" DESC, ").Append(idColumn).Append(" DESC LIMIT @take");
        command.Parameters.AddWithValue("take", take);
        command.CommandText = sql.ToString();

        var rows = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    /// <summary>Ids of uuid keys travel in cursors as 32 hex digits.</summary>
    public static Guid GuidId(string id) => Guid.ParseExact(id, "N");

    /// <summary>A <c>timestamptz</c> column as UTC; PostgreSQL keeps microseconds, which is what cursors carry.</summary>
    public static DateTimeOffset Utc(NpgsqlDataReader reader, int ordinal) => new(reader.GetDateTime(ordinal), TimeSpan.Zero);
}
