using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using PowerAutomation.Gateway.Hosting;
using PowerAutomation.Silo.Hosting;

namespace PowerAutomation.Tests.Infrastructure;

/// <summary>
/// A real cluster for one test collection: its own PostgreSQL database (migrated by the silo), one in-process
/// silo on ADO.NET clustering and storage with Redis reminders, and one gateway on Kestrel over loopback.
/// </summary>
public class ClusterFixture : IAsyncLifetime
{
    private readonly List<WebApplication> _apps = [];

    public string PostgresConnectionString { get; private set; } = "";

    public string RedisConnectionString { get; private set; } = "";

    public string ClusterId { get; } = "test-" + Guid.NewGuid().ToString("N")[..8];

    public string HomeDirectory { get; } = Path.Combine(Path.GetTempPath(), "pa-test-home-" + Guid.NewGuid().ToString("N")[..8]);

    public WebApplication Silo { get; private set; } = null!;

    public WebApplication Gateway { get; private set; } = null!;

    public Uri GatewayAddress { get; private set; } = null!;

    /// <summary>The SMTP server this cluster's silos send to (the test run's shared one unless a fixture brings its own).</summary>
    public MailServer Mail { get; protected set; } = null!;

    public IClusterClient Cluster => Gateway.Services.GetRequiredService<IClusterClient>();

    public HttpClient CreateClient() => new() { BaseAddress = GatewayAddress, Timeout = TimeSpan.FromSeconds(30) };

    public virtual async Task InitializeAsync()
    {
        var (postgres, redis) = await TestServers.GetAsync();
        PostgresConnectionString = await postgres.CreateDatabaseAsync("pa");
        RedisConnectionString = RedisFor(redis.ConnectionString);
        Mail = await MailServerAsync();
        Directory.CreateDirectory(HomeDirectory);
        Silo = await StartSiloAsync(SiloArguments());
        Gateway = await StartGatewayAsync(GatewayArguments());
        GatewayAddress = new Uri(Gateway.Urls.First());
    }

    /// <summary>Extra settings for the fixture's first silo.</summary>
    protected virtual string[] SiloArguments() => [];

    /// <summary>Extra settings for the fixture's first gateway.</summary>
    protected virtual string[] GatewayArguments() => [];

    /// <summary>Services a fixture replaces in its silos after the production wiring (none by default).</summary>
    protected virtual void ConfigureSiloServices(IServiceCollection services)
    {
    }

    /// <summary>The SMTP server this cluster's silos send to; the shared one unless a fixture brings its own.</summary>
    protected virtual Task<MailServer> MailServerAsync() => MailServer.Shared;

    /// <summary>The Redis this cluster uses; the shared one unless a fixture brings its own.</summary>
    protected virtual string RedisFor(string shared) => shared;

    /// <summary>Settings every process of this cluster shares.</summary>
    public string[] ClusterArguments() =>
    [
        $"--Cluster:PostgresConnectionString={PostgresConnectionString}",
        $"--Cluster:RedisConnectionString={RedisConnectionString}",
        $"--Cluster:ClusterId={ClusterId}",
        $"--Cluster:ServiceId={ClusterId}",
        "--Logging:LogLevel:Default=Warning",
        "--urls=http://127.0.0.1:0",
    ];

    public async Task<WebApplication> StartSiloAsync(params string[] extra)
    {
        var app = SiloApp.Build(
        [
            .. ClusterArguments(),
            $"--Silo:SiloPort={FreePort.Next()}",
            $"--Silo:GatewayPort={FreePort.Next()}",
            $"--Licensing:GeneratedKeyPath={Path.Combine(HomeDirectory, "keys", "license-es256.pem")}",
            $"--Security:DataKeyPath={Path.Combine(HomeDirectory, "keys", "data-aes256.key")}",
            $"--Workflows:SecretsKeyPath={Path.Combine(HomeDirectory, "keys", "workflow-secrets-aes256.key")}",

            // Small history settings, so tests reach past the window and across snapshots quickly.
            "--Documents:OperationWindow=50",
            "--Documents:SnapshotEvery=20",
            .. Mail.SiloArguments(),
            .. extra,
        ], ConfigureSiloServices);
        await app.MigrateDatabaseAsync();
        await app.StartAsync();
        _apps.Add(app);
        return app;
    }

    public Task<WebApplication> StartGatewayAsync(params string[] extra) => StartGatewayAsync(null, extra);

    /// <summary>A gateway whose services <paramref name="configureServices"/> may replace (a fake clock, say).</summary>
    public async Task<WebApplication> StartGatewayAsync(Action<IServiceCollection>? configureServices, params string[] extra)
    {
        var app = GatewayApp.Build(
        [
            .. ClusterArguments(),
            $"--Identity:Tokens:SigningKeyPath={Path.Combine(HomeDirectory, "keys", "jwt-es256.pem")}",
            "--Gateway:AuthRequestsPerMinutePerAddress=100000",

            // Every test signs in from 127.0.0.1; the per-client reset bound has its own test (its own addresses).
            "--Accounts:MailThrottle:ResetsPerClientAddress=100000",

            // Replays and load edit faster than people type; the live frame rate has its own tests.
            "--Live:OperationsPerMinute=1000000",
            "--Live:OperationBurst=100000",
            .. extra,
        ], configureServices);
        await app.StartAsync();
        _apps.Add(app);
        return app;
    }

    public virtual async Task DisposeAsync()
    {
        // Gateways first, then silos, the way an operator would take a cluster down.
        foreach (var app in Enumerable.Reverse(_apps))
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try
            {
                await app.StopAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                // A silo that cannot leave politely is dropped; the database goes with the run.
            }

            await app.DisposeAsync();
        }

        Directory.Delete(HomeDirectory, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
