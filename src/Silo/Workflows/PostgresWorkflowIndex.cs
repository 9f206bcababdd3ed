using System.Text;
using Npgsql;
using PowerAutomation.Grains.Abstractions.Paging;
using PowerAutomation.Grains.Abstractions.Workflows;
using PowerAutomation.Grains.Workflows;
using PowerAutomation.Silo.Database;

namespace PowerAutomation.Silo.Workflows;

/// <summary>
/// <c>workflows</c> and <c>workflow_runs</c> read newest first by keyset: (created_at, id) strictly below the cursor,
/// on the owner's indexes, so every page costs the same however deep it is.
/// </summary>
public sealed class PostgresWorkflowIndex(NpgsqlDataSource dataSource) : IWorkflowIndex
{
    public async Task UpsertWorkflowAsync(Guid ownerId, WorkflowListItem workflow, CancellationToken cancellationToken = default)
    {
        // Versions only grow: a late write of an older version (a retried save racing a newer one) is ignored.
        await using var command = dataSource.CreateCommand("""
            INSERT INTO workflows (workflow_id, owner_id, name, version, created_at, updated_at)
            VALUES (@id, @owner, @name, @version, @created, @updated)
            ON CONFLICT (workflow_id) DO UPDATE SET name = EXCLUDED.name, version = EXCLUDED.version, updated_at = EXCLUDED.updated_at
            WHERE workflows.version <= EXCLUDED.version
            """);
        command.Parameters.AddWithValue("id", workflow.WorkflowId);
        command.Parameters.AddWithValue("owner", ownerId);
        command.Parameters.AddWithValue("name", workflow.Name);
        command.Parameters.AddWithValue("version", workflow.Version);
        command.Parameters.AddWithValue("created", workflow.CreatedAt.UtcDateTime);
        command.Parameters.AddWithValue("updated", workflow.UpdatedAt.UtcDateTime);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<WorkflowListItem>> ListWorkflowsAsync(Guid ownerId, PageKey? after, int take, CancellationToken cancellationToken = default)
    {
        var sql = new StringBuilder("SELECT workflow_id, name, version, created_at, updated_at FROM workflows WHERE owner_id = @owner");
        await using var command = dataSource.CreateCommand();
        command.Parameters.AddWithValue("owner", ownerId);
        return await Keyset.PageAsync(sql, command, after, "created_at", "workflow_id", Keyset.GuidId, take, reader =>
            new WorkflowListItem(reader.GetGuid(0), reader.GetString(1), reader.GetInt32(2), Keyset.Utc(reader, 3), Keyset.Utc(reader, 4)),
            cancellationToken);
    }

    public async Task<IReadOnlyList<RunListItem>> ListRunsAsync(
        Guid ownerId, RunFilter filter, PageKey? after, int take, CancellationToken cancellationToken = default)
    {
        var sql = new StringBuilder("SELECT run_id, workflow_id, version, status, created_at, COALESCE(finished_at, updated_at) FROM workflow_runs WHERE owner_id = @owner");
        await using var command = dataSource.CreateCommand();
        command.Parameters.AddWithValue("owner", ownerId);
        if (filter.WorkflowId is { } workflowId)
        {
            sql.Append(" AND workflow_id = @workflow");
            command.Parameters.AddWithValue("workflow", workflowId);
        }

        if (filter.Status is { } status)
        {
            sql.Append(" AND status = @status");
            command.Parameters.AddWithValue("status", status);
        }

        return await Keyset.PageAsync(sql, command, after, "created_at", "run_id", Keyset.GuidId, take, reader =>
        {
            var runStatus = reader.GetString(3);

            // Runs finished before finished_at existed end at their index row's last update, made with the finishing events.
            return new RunListItem(reader.GetGuid(0), reader.GetGuid(1), reader.GetInt32(2), runStatus, Keyset.Utc(reader, 4),
                RunStatuses.IsFinished(runStatus) ? Keyset.Utc(reader, 5) : null);
        }, cancellationToken);
    }
}
