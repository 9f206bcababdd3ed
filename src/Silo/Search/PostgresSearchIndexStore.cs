using Npgsql;
using PowerAutomation.Grains.Search;

namespace PowerAutomation.Silo.Search;

/// <summary><c>search_chunks</c>: a project's rows read at once; a document's rows replaced in one transaction.</summary>
public sealed class PostgresSearchIndexStore(NpgsqlDataSource dataSource) : ISearchIndexStore
{
    public async Task<IReadOnlyList<IndexedChunk>> LoadProjectAsync(Guid projectId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT document_id, chunk_index, path, revision, start_offset, content, embedding
            FROM search_chunks WHERE project_id = @project
            """);
        command.Parameters.AddWithValue("project", projectId);
        var chunks = new List<IndexedChunk>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            chunks.Add(new IndexedChunk(reader.GetGuid(0), reader.GetInt32(1), reader.GetString(2), reader.GetInt32(3), reader.GetInt32(4),
                reader.GetString(5), reader.GetFieldValue<float[]>(6)));
        }

        return chunks;
    }

    public async Task ReplaceDocumentAsync(Guid projectId, Guid documentId, IReadOnlyList<IndexedChunk> chunks, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection, transaction);
        var delete = new NpgsqlBatchCommand("DELETE FROM search_chunks WHERE document_id = @document");
        delete.Parameters.AddWithValue("document", documentId);
        batch.BatchCommands.Add(delete);
        foreach (var chunk in chunks)
        {
            var insert = new NpgsqlBatchCommand("""
                INSERT INTO search_chunks (document_id, chunk_index, project_id, path, revision, start_offset, content, embedding)
                VALUES (@document, @index, @project, @path, @revision, @offset, @content, @embedding)
                """);
            insert.Parameters.AddWithValue("document", documentId);
            insert.Parameters.AddWithValue("index", chunk.Index);
            insert.Parameters.AddWithValue("project", projectId);
            insert.Parameters.AddWithValue("path", chunk.Path);
            insert.Parameters.AddWithValue("revision", chunk.Revision);
            insert.Parameters.AddWithValue("offset", chunk.Offset);
            insert.Parameters.AddWithValue("content", chunk.Text);
            insert.Parameters.AddWithValue("embedding", chunk.Vector);
            batch.BatchCommands.Add(insert);
        }

        await batch.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
