using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PowerAutomation.Tests.Infrastructure;

namespace PowerAutomation.Tests.Accounts.Access;

/// <summary>
/// A gateway of the shared cluster whose clock the test moves: its revocation checks expire only when the test says,
/// so "refused within one check interval" is asserted without waiting on the wall clock.
/// </summary>
public sealed class FakeClockGateway : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeClockGateway(WebApplication app, FakeTimeProvider clock)
    {
        _app = app;
        Clock = clock;
        Address = new Uri(app.Urls.First());
        Http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };
    }

    public FakeTimeProvider Clock { get; }

    public Uri Address { get; }

    public HttpClient Http { get; }

    /// <summary>The configured check interval: the most an ended session or disabled user stays accepted.</summary>
    public static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(2);

    public static async Task<FakeClockGateway> StartAsync(ClusterFixture cluster)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var app = await cluster.StartGatewayAsync(services => services.AddSingleton<TimeProvider>(clock),
            $"--Identity:Tokens:RevocationCheckInterval={CheckInterval}");
        return new FakeClockGateway(app, clock);
    }

    /// <summary>Moves the clock past one check interval: every remembered answer is asked again.</summary>
    public void PassCheckInterval() => Clock.Advance(CheckInterval + TimeSpan.FromMilliseconds(1));

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
