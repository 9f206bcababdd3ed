namespace PowerAutomation.Tests.Infrastructure;

/// <summary>
/// The one PostgreSQL and one Redis of this test run, started on first use and removed when the test
/// process exits. Fixtures take databases from it.
/// </summary>
public static class TestServers
{
    private static readonly Lazy<Task<(PostgresServer Postgres, RedisServer Redis)>> Servers = new(StartAsync);

    public static Task<(PostgresServer Postgres, RedisServer Redis)> GetAsync() => Servers.Value;

    private static async Task<(PostgresServer, RedisServer)> StartAsync()
    {
        var postgres = await PostgresServer.StartAsync();
        var redis = await RedisServer.StartAsync();
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            redis.DisposeAsync().AsTask().GetAwaiter().GetResult();
            postgres.DisposeAsync().AsTask().GetAwaiter().GetResult();
        };
        return (postgres, redis);
    }
}
