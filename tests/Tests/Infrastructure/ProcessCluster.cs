using System.Net;
using Npgsql;

namespace PowerAutomation.Tests.Infrastructure;

/// <summary>
/// Silos and gateways as real processes on their own database and the PostgreSQL membership table, with failure
/// detection tuned to seconds, so a test can SIGKILL one and watch the rest carry on.
/// </summary>
public sealed class ProcessCluster : IAsyncDisposable
{
    private readonly List<ServiceProcess> _processes = [];
    private readonly string _logs = Directory.CreateTempSubdirectory("pa-processes-").FullName;
    private readonly string[] _shared;

    private ProcessCluster(string postgres, string redis)
    {
        Postgres = postgres;
        var clusterId = "proc-" + Guid.NewGuid().ToString("N")[..8];
        _shared =
        [
            $"--Cluster:PostgresConnectionString={postgres}",
            $"--Cluster:RedisConnectionString={redis}",
            $"--Cluster:ClusterId={clusterId}",
            $"--Cluster:ServiceId={clusterId}",
            "--Runtime:Membership:ProbeTimeout=00:00:01",
            "--Runtime:Membership:NumMissedProbesLimit=2",
            "--Runtime:Membership:NumVotesForDeathDeclaration=1",
            "--Runtime:Membership:TableRefreshTimeout=00:00:02",
            "--Runtime:Messaging:ResponseTimeout=00:00:10",
            "--Logging:LogLevel:Default=Warning",
        ];
    }

    public string Postgres { get; }

    public static async Task<ProcessCluster> CreateAsync()
    {
        var (postgres, redis) = await TestServers.GetAsync();
        return new ProcessCluster(await postgres.CreateDatabaseAsync("processes"), redis.ConnectionString);
    }

    public async Task<ServiceProcess> StartSiloAsync(string name, params string[] extra)
    {
        var httpPort = FreePort.Next();
        var silo = Start(name, "Silo",
        [
            .. _shared,
            $"--urls=http://127.0.0.1:{httpPort}",
            $"--Silo:SiloPort={FreePort.Next()}",
            $"--Silo:GatewayPort={FreePort.Next()}",
            $"--Licensing:GeneratedKeyPath={Path.Combine(_logs, "license.pem")}",
            $"--Security:DataKeyPath={Path.Combine(_logs, "data-aes256.key")}",
            $"--Workflows:SecretsKeyPath={Path.Combine(_logs, "workflow-secrets-aes256.key")}",
            $"--Email:MailDirectory={Path.Combine(_logs, "mail")}",
            .. extra,
        ]);
        await WaitReadyAsync(new Uri($"http://127.0.0.1:{httpPort}"), silo);
        return silo;
    }

    public async Task<HttpClient> StartGatewayAsync(string name, params string[] extra)
    {
        var port = FreePort.Next();
        var gateway = Start(name, "Gateway",
        [
            .. _shared,
            $"--urls=http://127.0.0.1:{port}",
            $"--Identity:Tokens:SigningKeyPath={Path.Combine(_logs, "jwt.pem")}",
            "--Gateway:AuthRequestsPerMinutePerAddress=1000000",
            "--Live:GapCheckInterval=00:00:00.500",

            // Replays and load edit faster than people type; the live frame rate has its own tests.
            "--Live:OperationsPerMinute=1000000",
            "--Live:OperationBurst=100000",
            .. extra,
        ]);
        var address = new Uri($"http://127.0.0.1:{port}");
        await WaitReadyAsync(address, gateway);
        return new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(20) };
    }

    public async Task WaitForActiveSilosAsync(int count) =>
        await Processes.WaitUntilAsync(async () =>
        {
            await using var connection = new NpgsqlConnection(Postgres);
            await connection.OpenAsync();
            await using var query = new NpgsqlCommand("SELECT count(*) FROM orleans_membership WHERE status = 3", connection);
            return (long)(await query.ExecuteScalarAsync())! == count;
        }, TimeSpan.FromSeconds(30), $"{count} silos to be Active in the membership table");

    /// <summary>The last warnings and errors each process logged (with the line after each), for a failure message.</summary>
    public string LogTails(int entries = 40) => string.Join("\n", _processes.Select(p =>
    {
        var lines = p.Log().Split('\n');
        var picked = lines.Select((line, i) => (line, i)).Where(x => x.line.StartsWith("warn:", StringComparison.Ordinal) || x.line.StartsWith("fail:", StringComparison.Ordinal) || x.line.StartsWith("crit:", StringComparison.Ordinal))
            .TakeLast(entries).Select(x => x.line + " " + (x.i + 1 < lines.Length ? lines[x.i + 1].Trim() : ""));
        return $"--- {p.Name}{(p.HasExited ? " (exited)" : "")}\n" + string.Join("\n", picked);
    }));

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }

        Directory.Delete(_logs, recursive: true);
    }

    private ServiceProcess Start(string name, string project, string[] arguments)
    {
        var process = ServiceProcess.Start(name, project, _logs, arguments);
        _processes.Add(process);
        return process;
    }

    private static async Task WaitReadyAsync(Uri address, ServiceProcess process)
    {
        using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(5) };
        await Processes.WaitUntilAsync(async () =>
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{process.Name} exited:\n{process.Log()}");
            }

            return (await http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK;
        }, TimeSpan.FromSeconds(60), $"{process.Name} to be ready");
    }
}
