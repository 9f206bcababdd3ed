using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using PowerAutomation.Silo.Database;
using PowerAutomation.Tests.Infrastructure;

namespace PowerAutomation.Tests.Database;

public sealed class SchemaMigratorTests
{
    [Fact]
    public async Task Migrate_FreshDatabase_AppliesAllOnceAndRecordsThem()
    {
        await using var dataSource = await NewDatabaseAsync();
        var migrator = new SchemaMigrator(dataSource, NullLogger<SchemaMigrator>.Instance);

        var first = await migrator.MigrateAsync();
        var second = await migrator.MigrateAsync();

        Assert.Equal(SchemaMigrator.EmbeddedMigrations.Count, first);
        Assert.Equal(0, second);
        await using var count = dataSource.CreateCommand("SELECT count(*) FROM schema_migrations");
        Assert.Equal((long)first, await count.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Migrate_ConcurrentSilos_ApplyEachScriptExactlyOnce()
    {
        await using var dataSource = await NewDatabaseAsync();
        var runs = Enumerable.Range(0, 4)
            .Select(_ => new SchemaMigrator(dataSource, NullLogger<SchemaMigrator>.Instance).MigrateAsync());

        var applied = await Task.WhenAll(runs);

        Assert.Equal(SchemaMigrator.EmbeddedMigrations.Count, applied.Sum());
    }

    [Fact]
    public async Task Migrate_AppliedScriptChangedSince_RefusesToStart()
    {
        await using var dataSource = await NewDatabaseAsync();
        var migrator = new SchemaMigrator(dataSource, NullLogger<SchemaMigrator>.Instance);
        await migrator.MigrateAsync();
        await using (var tamper = dataSource.CreateCommand("UPDATE schema_migrations SET checksum = 'changed' WHERE version = '0003_users'"))
        {
            await tamper.ExecuteNonQueryAsync();
        }

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => migrator.MigrateAsync());
        Assert.Contains("0003_users", error.Message);
    }

    [Fact]
    public async Task OrleansQueries_HoldEveryKeyTheProvidersRequire()
    {
        await using var dataSource = await NewDatabaseAsync();
        await new SchemaMigrator(dataSource, NullLogger<SchemaMigrator>.Instance).MigrateAsync();

        await using var query = dataSource.CreateCommand("SELECT querykey FROM orleansquery");
        var keys = new List<string>();
        await using (var reader = await query.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                keys.Add(reader.GetString(0));
            }
        }

        string[] required =
        [
            "UpdateIAmAlivetimeKey", "InsertMembershipVersionKey", "InsertMembershipKey", "UpdateMembershipKey",
            "GatewaysQueryKey", "MembershipReadRowKey", "MembershipReadAllKey", "DeleteMembershipTableEntriesKey",
            "CleanupDefunctSiloEntriesKey", "WriteToStorageKey", "ReadFromStorageKey", "ClearStorageKey",
        ];
        Assert.Empty(required.Except(keys));
    }

    private static async Task<NpgsqlDataSource> NewDatabaseAsync()
    {
        var (postgres, _) = await TestServers.GetAsync();
        return NpgsqlDataSource.Create(await postgres.CreateDatabaseAsync("migrate"));
    }
}
