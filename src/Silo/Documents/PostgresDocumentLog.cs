using Npgsql;
using NpgsqlTypes;
using PowerAutomation.Grains.Abstractions.Documents;
using PowerAutomation.Grains.Documents;

namespace PowerAutomation.Silo.Documents;

/// <summary>
/// <c>document_operations</c> and <c>document_snapshots</c>. A batch of operations is one INSERT over arrays, so a
/// group commit costs one round trip and is all-or-nothing.
/// </summary>
public sealed class PostgresDocumentLog(NpgsqlDataSource dataSource) : IDocumentLog
{
    public async Task AppendAsync(Guid documentId, IReadOnlyList<AppliedOperation> operations, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO document_operations (document_id, revision, operation, author_id, session_id, seq, created_at)
            SELECT @document, r, o, a, s, q, t
            FROM unnest(@revisions, @operations, @authors, @sessions, @seqs, @times) AS x(r, o, a, s, q, t)
            """);
        command.Parameters.AddWithValue("document", documentId);
        command.Parameters.AddWithValue("revisions", operations.Select(o => o.Revision).ToArray());
        command.Parameters.AddWithValue("operations", operations.Select(o => OperationJson.Write(o.Operation)).ToArray());
        command.Parameters.AddWithValue("authors", operations.Select(o => o.AuthorId).ToArray());
        command.Parameters.Add(new NpgsqlParameter("sessions", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = operations.Select(o => (object?)o.SessionId ?? DBNull.Value).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("seqs", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = operations.Select(o => o.Seq is { } seq ? (object)seq : DBNull.Value).ToArray() });
        command.Parameters.AddWithValue("times", operations.Select(o => o.Timestamp.UtcDateTime).ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<AppliedOperation>> ReadAsync(Guid documentId, int after, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT revision, operation, author_id, session_id, seq, created_at FROM document_operations
            WHERE document_id = @document AND revision > @after ORDER BY revision LIMIT @limit
            """);
        command.Parameters.AddWithValue("document", documentId);
        command.Parameters.AddWithValue("after", after);
        command.Parameters.AddWithValue("limit", Math.Max(0, limit));
        var operations = new List<AppliedOperation>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            operations.Add(new AppliedOperation(
                reader.GetInt32(0),
                OperationJson.Parse(reader.GetString(1)),
                reader.GetGuid(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetInt64(4),
                new DateTimeOffset(reader.GetDateTime(5), TimeSpan.Zero)));
        }

        return operations;
    }

    public async Task SaveSnapshotAsync(Guid documentId, int revision, string content, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO document_snapshots (document_id, revision, content) VALUES (@document, @revision, @content)
            ON CONFLICT (document_id, revision) DO UPDATE SET content = EXCLUDED.content
            """);
        command.Parameters.AddWithValue("document", documentId);
        command.Parameters.AddWithValue("revision", revision);
        command.Parameters.AddWithValue("content", content);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task DeleteAsync(Guid documentId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var table in (string[])["document_operations", "document_snapshots"])
        {
            var delete = new NpgsqlBatchCommand($"DELETE FROM {table} WHERE document_id = @document");
            delete.Parameters.AddWithValue("document", documentId);
            batch.BatchCommands.Add(delete);
        }

        await batch.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<(int Revision, string Content)?> SnapshotAtOrBeforeAsync(Guid documentId, int revision, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT revision, content FROM document_snapshots
            WHERE document_id = @document AND revision <= @revision ORDER BY revision DESC LIMIT 1
            """);
        command.Parameters.AddWithValue("document", documentId);
        command.Parameters.AddWithValue("revision", revision);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (reader.GetInt32(0), reader.GetString(1)) : null;
    }
}
