using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using PowerAutomation.Ai.Protocols;
using PowerAutomation.Tests.Infrastructure;

namespace PowerAutomation.Tests.Ai;

/// <summary>A provider as one test configures it on a gateway.</summary>
/// <remarks><paramref name="Timeout"/> overrides the gateway's per-attempt timeout for this provider only: tests that
/// exercise a timeout set it short on the slow provider and keep the generous default everywhere else, so a loaded
/// machine never turns a healthy answer into a timeout.</remarks>
public sealed record ProviderSetup(FakeProvider Fake, string[] Models, string[]? Editions = null, int Priority = 0, int Weight = 1,
    TimeSpan? Timeout = null);

/// <summary>
/// The shared cluster plus, per test, a gateway whose <c>Ai:Providers</c> point at fake upstreams, so each test
/// starts with fresh circuits and statistics. Probes are off; circuits open after 2 failures for 1 s; an attempt times
/// out after 15 s unless its <see cref="ProviderSetup.Timeout"/> says otherwise.
/// </summary>
public sealed class AiClusterFixture : ClusterFixture
{
    public Task<AiGateway> StartAiGatewayAsync(string strategy, params ProviderSetup[] providers) =>
        StartAiGatewayAsync(strategy, TimeSpan.FromSeconds(1), null, providers);

    /// <summary>A gateway whose open circuits stay open for <paramref name="breakDuration"/>.</summary>
    public Task<AiGateway> StartAiGatewayAsync(string strategy, TimeSpan breakDuration, params ProviderSetup[] providers) =>
        StartAiGatewayAsync(strategy, breakDuration, null, providers);

    /// <summary>A gateway with more <c>Ai</c> settings (aliases, prices, task routes) given as <c>--Key=value</c> arguments.</summary>
    public Task<AiGateway> StartAiGatewayAsync(string strategy, IReadOnlyList<string> settings, params ProviderSetup[] providers) =>
        StartAiGatewayAsync(strategy, TimeSpan.FromSeconds(1), null, providers, settings);

    /// <summary>A gateway on a clock the test moves: circuits open and turn half-open only when it says so.</summary>
    public Task<AiGateway> StartAiGatewayAsync(string strategy, TimeProvider clock, params ProviderSetup[] providers) =>
        StartAiGatewayAsync(strategy, TimeSpan.FromSeconds(1), clock, providers);

    private async Task<AiGateway> StartAiGatewayAsync(string strategy, TimeSpan breakDuration, TimeProvider? clock, ProviderSetup[] providers,
        IReadOnlyList<string>? settings = null)
    {
        var args = new List<string>
        {
            $"--Ai:Routing:Strategy={strategy}", "--Ai:Routing:ProbeInterval=00:00:00", $"--Ai:Routing:BreakDuration={breakDuration:c}",
            "--Ai:Routing:FailureThreshold=2", "--Ai:Routing:RequestTimeout=00:00:15", "--Ai:Routing:RetryBaseDelay=00:00:00.010",
        };
        args.AddRange(settings ?? []); // Later arguments win: a test's settings over these defaults.
        args.AddRange(ProviderArguments(providers));
        var app = await StartGatewayAsync(clock is null ? null : services => services.AddSingleton(clock), [.. args]);
        return new AiGateway(app, new Uri(app.Urls.First()));
    }

    /// <summary>The <c>Ai:Providers</c> arguments for fake upstreams.</summary>
    public static IEnumerable<string> ProviderArguments(params ProviderSetup[] providers)
    {
        var args = new List<string>();
        for (var i = 0; i < providers.Length; i++)
        {
            var p = providers[i];
            args.AddRange([$"--Ai:Providers:{i}:Name={p.Fake.Name}", $"--Ai:Providers:{i}:Kind={p.Fake.Kind}", $"--Ai:Providers:{i}:BaseUrl={p.Fake.BaseUrl}",
                $"--Ai:Providers:{i}:ApiKey=upstream-secret", $"--Ai:Providers:{i}:Priority={p.Priority}", $"--Ai:Providers:{i}:Weight={p.Weight}"]);
            args.AddRange(p.Models.Select((m, j) => $"--Ai:Providers:{i}:Models:{j}={m}"));
            args.AddRange((p.Editions ?? []).Select((e, j) => $"--Ai:Providers:{i}:Editions:{j}={e}"));
            if (p.Timeout is { } timeout)
            {
                args.Add($"--Ai:Providers:{i}:Timeout={timeout:c}");
            }
        }

        return args;
    }

    public static Task<FakeProvider> FakeAsync(string name, AiProtocol protocol) => FakeProvider.StartAsync(name, protocol);
}

public sealed class AiGateway(WebApplication app, Uri address) : IAsyncDisposable
{
    public Uri Address { get; } = address;

    public HttpClient CreateClient() => new() { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };

    public async ValueTask DisposeAsync()
    {
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await app.StopAsync(stopping.Token);
        await app.DisposeAsync();
    }
}
