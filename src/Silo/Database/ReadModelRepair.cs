using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using PowerAutomation.Grains.Abstractions.Identity;
using PowerAutomation.Grains.Abstractions.Licensing;
using PowerAutomation.Grains.Abstractions.Workflows;

namespace PowerAutomation.Silo.Database;

/// <summary>
/// Puts grains that are missing from a SQL read model (<c>users</c>, <c>workflows</c>, <c>licenses</c>) back into it:
/// those stored before the read model existed, and any whose row write failed. It finds them by an anti-join of
/// <c>orleans_grain_state</c> against the read model and asks each grain to write its row again, so the row always
/// comes from the grain's own state. One pass per silo start (<see cref="ReadModelRepairStarter"/>).
/// </summary>
public sealed partial class ReadModelRepair(
    NpgsqlDataSource dataSource,
    IGrainFactory grains,
    IOptions<ClusterOptions> cluster,
    ILogger<ReadModelRepair> logger)
{
    /// <summary>The most grains one pass repairs per read model; the next silo start carries on.</summary>
    public const int MaxPerPass = 10_000;

    private const int Concurrency = 16;

    // Orleans keeps a Guid-keyed grain's id in grain_id_n0/n1, a string key in grain_id_extension; a string key that
    // reads as a Guid (licence ids do) is kept as a Guid too, so licence ids are taken from whichever is set.
    private const string GuidKey = "pa_guid_from_halves(s.grain_id_n0, s.grain_id_n1)";
    private const string LicenseKey = "COALESCE(s.grain_id_extension, replace(pa_guid_from_halves(s.grain_id_n0, s.grain_id_n1)::text, '-', ''))";

    public async Task<ReadModelRepairCounts> RunAsync(CancellationToken cancellationToken = default)
    {
        var users = await RepairAsync("user", GuidKey, "users", "user_id",
            id => grains.GetGrain<IUserGrain>(Guid.Parse(id)).Reindex(), cancellationToken);
        var workflows = await RepairAsync("workflow", GuidKey, "workflows", "workflow_id",
            id => grains.GetGrain<IWorkflowGrain>(Guid.Parse(id)).Reindex(), cancellationToken);
        var licenses = await RepairAsync("license", LicenseKey, "licenses", "license_id",
            id => grains.GetGrain<ILicenseGrain>(id).Reindex(), cancellationToken);
        var counts = new ReadModelRepairCounts(users, workflows, licenses);
        if (users + workflows + licenses > 0)
        {
            LogRepaired(users, workflows, licenses);
        }

        return counts;
    }

    /// <summary>Grains of one state whose id has no row in the read model, asked to write it; how many were asked.</summary>
    private async Task<int> RepairAsync(string stateName, string keyExpression, string table, string idColumn,
        Func<string, Task> reindex, CancellationToken cancellationToken)
    {
        // Every name spliced in here is one of the constants above; the values are parameters.
        await using var command = dataSource.CreateCommand($"""
            SELECT g.id::text FROM (
                SELECT {keyExpression} AS id FROM orleans_grain_state s
                WHERE s.grain_type = @state AND s.service_id = @service AND s.payload_binary IS NOT NULL) g
            WHERE NOT EXISTS (SELECT 1 FROM {table} t WHERE t.{idColumn} = g.id)
            LIMIT @limit
            """);
        command.Parameters.AddWithValue("state", stateName);
        command.Parameters.AddWithValue("service", cluster.Value.ServiceId);
        command.Parameters.AddWithValue("limit", MaxPerPass);
        var missing = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                missing.Add(reader.GetString(0));
            }
        }

        foreach (var chunk in missing.Chunk(Concurrency))
        {
            cancellationToken.ThrowIfCancellationRequested();
            await Task.WhenAll(chunk.Select(reindex));
        }

        return missing.Count;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Read models repaired: {Users} users, {Workflows} workflows, {Licenses} licences")]
    private partial void LogRepaired(int users, int workflows, int licenses);
}

/// <summary>How many grains one repair pass asked to write their read-model rows again.</summary>
public sealed record ReadModelRepairCounts(int Users, int Workflows, int Licenses);
