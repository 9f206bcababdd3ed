using System.Diagnostics;
using Npgsql;
using PowerAutomation.Grains.Abstractions.Health;
using PowerAutomation.Grains.Health;

namespace PowerAutomation.Silo.Health;

public sealed class PostgresProbe(NpgsqlDataSource dataSource) : IDependencyProbe
{
    public string Name => "postgresql";

    public async Task<DependencyStatus> CheckAsync(CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        await using var command = dataSource.CreateCommand("SELECT 1");
        await command.ExecuteScalarAsync(cancellationToken);
        return new DependencyStatus(Name, true, null, watch.Elapsed.TotalMilliseconds);
    }
}
