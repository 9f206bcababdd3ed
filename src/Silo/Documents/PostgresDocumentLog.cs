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
        // undo_of is an array per row, which unnest cannot nest: it travels as text ("{3,4}") and is cast back.
        await using var command = dataSource.CreateCommand("""
            INSERT INTO document_operations
                (document_id, revision, operation, author_id, session_id, seq, created_at, author_kind, model, run_id, agent, undo_of, redo, inverse)
            SELECT @document, r, o, a, s, q, t, k, m, u, g, w::integer[], d, i
            FROM unnest(@revisions, @operations, @authors, @sessions, @seqs, @times, @kinds, @models, @runs, @agents, @undos, @redos, @inverses)
                AS x(r, o, a, s, q, t, k, m, u, g, w, d, i)
            """);
        command.Parameters.AddWithValue("document", documentId);
        command.Parameters.AddWithValue("revisions", operations.Select(o => o.Revision).ToArray());
        command.Parameters.AddWithValue("operations", operations.Select(o => OperationJson.Write(o.Operation)).ToArray());
        command.Parameters.AddWithValue("authors", operations.Select(o => o.AuthorId).ToArray());
        command.Parameters.Add(Texts("sessions", operations.Select(o => o.SessionId)));
        command.Parameters.Add(new NpgsqlParameter("seqs", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = operations.Select(o => o.Seq is { } seq ? (object)seq : DBNull.Value).ToArray() });
        command.Parameters.AddWithValue("times", operations.Select(o => o.Timestamp.UtcDateTime).ToArray());
        command.Parameters.AddWithValue("kinds", operations.Select(o => o.AuthorKind).ToArray());
        command.Parameters.Add(Texts("models", operations.Select(o => o.Model)));
        command.Parameters.Add(new NpgsqlParameter("runs", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = operations.Select(o => o.RunId is { } run ? (object)run : DBNull.Value).ToArray() });
        command.Parameters.Add(Texts("agents", operations.Select(o => o.Agent)));
        command.Parameters.Add(Texts("undos", operations.Select(o => o.UndoOf is { } undone ? "{" + string.Join(',', undone) + "}" : null)));
        command.Parameters.AddWithValue("redos", operations.Select(o => o.Redo).ToArray());
        command.Parameters.Add(Texts("inverses", operations.Select(o => o.Inverse is { } inverse ? OperationJson.Write(inverse) : null)));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static NpgsqlParameter Texts(string name, IEnumerable<string?> values) =>
        new(name, NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = values.Select(v => (object?)v ?? DBNull.Value).ToArray() };

    public async Task<IReadOnlyList<AppliedOperation>> ReadAsync(Guid documentId, int after, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT revision, operation, author_id, session_id, seq, created_at, author_kind, model, run_id, agent, undo_of, redo, inverse
            FROM document_operations
            WHERE document_id = @document AND revision > @after ORDER BY revision LIMIT @limit
            """);
        command.Parameters.AddWithValue("document", documentId);
        command.Parameters.AddWithValue("after", after);
        command.Parameters.AddWithValue("limit", Math.Max(0, limit));
        return await ReadOperationsAsync(command, cancellationToken);
    }

    public async Task<IReadOnlyList<AppliedOperation>> ReadBackAsync(Guid documentId, int before, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT revision, operation, author_id, session_id, seq, created_at, author_kind, model, run_id, agent, undo_of, redo, inverse
            FROM document_operations
            WHERE document_id = @document AND revision < @before ORDER BY revision DESC LIMIT @limit
            """);
        command.Parameters.AddWithValue("document", documentId);
        command.Parameters.AddWithValue("before", before);
        command.Parameters.AddWithValue("limit", Math.Max(0, limit));
        var newestFirst = await ReadOperationsAsync(command, cancellationToken);
        return newestFirst.Reverse().ToList();
    }

    private static async Task<IReadOnlyList<AppliedOperation>> ReadOperationsAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
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
                new DateTimeOffset(reader.GetDateTime(5), TimeSpan.Zero))
            {
                AuthorKind = reader.GetString(6),
                Model = reader.IsDBNull(7) ? null : reader.GetString(7),
                RunId = reader.IsDBNull(8) ? null : reader.GetGuid(8),
                Agent = reader.IsDBNull(9) ? null : reader.GetString(9),
                UndoOf = reader.IsDBNull(10) ? null : reader.GetFieldValue<int[]>(10),
                Redo = reader.GetBoolean(11),
                Inverse = reader.IsDBNull(12) ? null : OperationJson.Parse(reader.GetString(12)),
            });
        }

        return operations;
    }

    public async Task SaveSnapshotAsync(Guid documentId, int revision, string content, string? blame, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO document_snapshots (document_id, revision, content, blame) VALUES (@document, @revision, @content, @blame)
            ON CONFLICT (document_id, revision) DO UPDATE SET content = EXCLUDED.content, blame = EXCLUDED.blame
            """);
        command.Parameters.AddWithValue("document", documentId);
        command.Parameters.AddWithValue("revision", revision);
        command.Parameters.AddWithValue("content", content);
        command.Parameters.Add(new NpgsqlParameter("blame", NpgsqlDbType.Text) { Value = (object?)blame ?? DBNull.Value });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task DeleteAsync(Guid documentId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var table in (string[])["document_operations", "document_snapshots", "document_versions"])
        {
            var delete = new NpgsqlBatchCommand($"DELETE FROM {table} WHERE document_id = @document");
            delete.Parameters.AddWithValue("document", documentId);
            batch.BatchCommands.Add(delete);
        }

        await batch.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<DocumentSnapshot?> SnapshotAtOrBeforeAsync(Guid documentId, int revision, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT revision, content, blame FROM document_snapshots
            WHERE document_id = @document AND revision <= @revision ORDER BY revision DESC LIMIT 1
            """);
        command.Parameters.AddWithValue("document", documentId);
        command.Parameters.AddWithValue("revision", revision);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new DocumentSnapshot(reader.GetInt32(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2))
            : null;
    }

    public async Task AddVersionAsync(Guid documentId, DocumentVersion version, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO document_versions (document_id, version_id, name, revision, created_by, created_at)
            VALUES (@document, @version, @name, @revision, @by, @at)
            ON CONFLICT (document_id, version_id) DO NOTHING
            """);
        command.Parameters.AddWithValue("document", documentId);
        command.Parameters.AddWithValue("version", version.VersionId);
        command.Parameters.AddWithValue("name", version.Name);
        command.Parameters.AddWithValue("revision", version.Revision);
        command.Parameters.AddWithValue("by", version.CreatedBy);
        command.Parameters.AddWithValue("at", version.CreatedAt.UtcDateTime);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<DocumentVersion>> ListVersionsAsync(Guid documentId, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT version_id, name, revision, created_by, created_at FROM document_versions
            WHERE document_id = @document ORDER BY revision DESC, created_at DESC LIMIT @limit
            """);
        command.Parameters.AddWithValue("document", documentId);
        command.Parameters.AddWithValue("limit", Math.Max(0, limit));
        var versions = new List<DocumentVersion>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            versions.Add(new DocumentVersion(reader.GetGuid(0), reader.GetString(1), reader.GetInt32(2), reader.GetGuid(3),
                new DateTimeOffset(reader.GetDateTime(4), TimeSpan.Zero)));
        }

        return versions;
    }
}
