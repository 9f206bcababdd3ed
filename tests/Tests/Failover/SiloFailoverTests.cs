using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using PowerAutomation.Tests.Infrastructure;
using Xunit.Abstractions;

namespace PowerAutomation.Tests.Failover;

/// <summary>
/// Two silo processes and a gateway process on the real PostgreSQL membership table. One silo is killed with
/// SIGKILL while users are registered and read in a loop; every acknowledged registration must survive and
/// the cluster must answer again within seconds.
/// </summary>
public sealed class SiloFailoverTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly List<ServiceProcess> _processes = [];
    private readonly string _logs = Directory.CreateTempSubdirectory("pa-failover-").FullName;
    private string _postgres = "";

    public async Task InitializeAsync()
    {
        var (postgres, _) = await TestServers.GetAsync();
        _postgres = await postgres.CreateDatabaseAsync("failover");
    }

    [Fact]
    public async Task KillSilo_WhileRegisteringAndReading_LosesNoAcknowledgedUserAndRecoversWithinSeconds()
    {
        var (_, redis) = await TestServers.GetAsync();
        var clusterId = "failover-" + Guid.NewGuid().ToString("N")[..8];
        string[] shared =
        [
            $"--Cluster:PostgresConnectionString={_postgres}",
            $"--Cluster:RedisConnectionString={redis.ConnectionString}",
            $"--Cluster:ClusterId={clusterId}",
            $"--Cluster:ServiceId={clusterId}",
            // Detect a dead silo in a few seconds instead of the production default of about a minute.
            "--Runtime:Membership:ProbeTimeout=00:00:01",
            "--Runtime:Membership:NumMissedProbesLimit=2",
            "--Runtime:Membership:NumVotesForDeathDeclaration=1",
            "--Runtime:Membership:TableRefreshTimeout=00:00:02",
            "--Runtime:Messaging:ResponseTimeout=00:00:10",
            "--Logging:LogLevel:Default=Warning",
        ];

        var survivor = await StartSiloAsync("silo-a", shared);
        var victim = await StartSiloAsync("silo-b", shared);
        await Processes.WaitUntilAsync(async () => await ActiveSilosAsync() == 2, TimeSpan.FromSeconds(30), "both silos to be Active in the membership table");

        var gatewayPort = FreePort.Next();
        var gateway = Start("gateway", "Gateway",
        [
            .. shared,
            $"--urls=http://127.0.0.1:{gatewayPort}",
            $"--Identity:Tokens:SigningKeyPath={Path.Combine(_logs, "jwt.pem")}",
            "--Gateway:AuthRequestsPerMinutePerAddress=1000000",
        ]);
        var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{gatewayPort}"), Timeout = TimeSpan.FromSeconds(20) };
        await WaitReadyAsync(http, gateway);

        var acknowledged = new ConcurrentDictionary<string, Guid>();
        var failures = new ConcurrentBag<(TimeSpan At, string What)>();
        var lastSuccess = Stopwatch.StartNew();
        var killedAt = TimeSpan.Zero;
        var recoveredAfter = (TimeSpan?)null;
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource();

        async Task Worker()
        {
            while (!stop.IsCancellationRequested)
            {
                var email = ApiClient.NewEmail("fo");
                try
                {
                    var register = await http.PostAsJsonAsync("/api/v1/auth/register", new { email, password = ApiClient.Password });
                    if (register.StatusCode != HttpStatusCode.Created)
                    {
                        failures.Add((clock.Elapsed, $"register {(int)register.StatusCode} {await register.Content.ReadAsStringAsync()}"));
                        continue;
                    }

                    acknowledged[email] = (await register.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("userId").GetGuid();
                    var login = await http.PostAsJsonAsync("/api/v1/auth/login", new { email, password = ApiClient.Password });
                    if (login.StatusCode == HttpStatusCode.OK)
                    {
                        var token = (await login.Content.ReadFromJsonAsync<TokenPair>())!.AccessToken;
                        var me = await http.SendAuthorizedAsync(HttpMethod.Get, "/api/v1/me", token);
                        if (me.StatusCode == HttpStatusCode.OK)
                        {
                            if (killedAt != TimeSpan.Zero && recoveredAfter is null)
                            {
                                recoveredAfter = clock.Elapsed - killedAt;
                            }

                            continue;
                        }

                        failures.Add((clock.Elapsed, $"me {(int)me.StatusCode}"));
                    }
                    else
                    {
                        failures.Add((clock.Elapsed, $"login {(int)login.StatusCode} {await login.Content.ReadAsStringAsync()}"));
                    }
                }
                catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
                {
                    failures.Add((clock.Elapsed, exception.GetType().Name));
                }
            }
        }

        var workers = Enumerable.Range(0, 4).Select(_ => Task.Run(Worker)).ToArray();
        await Processes.WaitUntilAsync(() => Task.FromResult(acknowledged.Count >= 20), TimeSpan.FromSeconds(60), "20 users registered before the kill");

        killedAt = clock.Elapsed;
        victim.Kill();
        var beforeKill = acknowledged.Count;
        await Processes.WaitUntilAsync(() => Task.FromResult(recoveredAfter is not null), TimeSpan.FromSeconds(45), "a full register-login-me round after the kill");
        await Processes.WaitUntilAsync(() => Task.FromResult(acknowledged.Count >= beforeKill + 20), TimeSpan.FromSeconds(60), "20 more users after recovery");
        stop.Cancel();
        await Task.WhenAll(workers);

        output.WriteLine($"killed silo-b at {killedAt.TotalSeconds:0.0} s; acknowledged {acknowledged.Count} users ({beforeKill} before the kill); first full round {recoveredAfter!.Value.TotalSeconds:0.0} s after it");
        foreach (var (at, what) in failures.OrderBy(f => f.At))
        {
            output.WriteLine($"{at.TotalSeconds:0.0} s: {what}");
        }

        // Requests failed only in a window of seconds after the kill, and none of them as a server fault.
        var outage = failures.IsEmpty ? TimeSpan.Zero : failures.Max(f => f.At) - killedAt;
        output.WriteLine($"failed requests: {failures.Count}; last one {outage.TotalSeconds:0.0} s after the kill");
        Assert.All(failures, f => Assert.True(f.At >= killedAt, $"failure before the kill: {f.What}"));
        Assert.True(outage < TimeSpan.FromSeconds(20), $"requests still failed {outage} after the kill");
        Assert.All(failures, f => Assert.DoesNotContain(" 500 ", f.What));
        Assert.False(survivor.HasExited, survivor.Log());

        // Every acknowledged registration is still there: each user signs in and is who it was.
        foreach (var (email, userId) in acknowledged)
        {
            var tokens = await http.LoginAsync(email);
            var me = await (await http.SendAuthorizedAsync(HttpMethod.Get, "/api/v1/me", tokens.AccessToken)).Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(userId, me.GetProperty("userId").GetGuid());
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }

        Directory.Delete(_logs, recursive: true);
    }

    private async Task<ServiceProcess> StartSiloAsync(string name, string[] shared)
    {
        var httpPort = FreePort.Next();
        var silo = Start(name, "Silo",
        [
            .. shared,
            $"--urls=http://127.0.0.1:{httpPort}",
            $"--Silo:SiloPort={FreePort.Next()}",
            $"--Silo:GatewayPort={FreePort.Next()}",
        ]);
        await WaitReadyAsync(new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}") }, silo);
        return silo;
    }

    private ServiceProcess Start(string name, string project, string[] arguments)
    {
        var process = ServiceProcess.Start(name, project, _logs, arguments);
        _processes.Add(process);
        return process;
    }

    private static async Task WaitReadyAsync(HttpClient http, ServiceProcess process)
    {
        await Processes.WaitUntilAsync(async () =>
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{process.Name} exited:\n{process.Log()}");
            }

            return (await http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK;
        }, TimeSpan.FromSeconds(60), $"{process.Name} to be ready");
    }

    private async Task<long> ActiveSilosAsync()
    {
        await using var connection = new NpgsqlConnection(_postgres);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand("SELECT count(*) FROM orleans_membership WHERE status = 3", connection);
        return (long)(await query.ExecuteScalarAsync())!;
    }
}
