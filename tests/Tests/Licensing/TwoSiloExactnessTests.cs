using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PowerAutomation.Grains.Licensing;
using PowerAutomation.Tests.Infrastructure;

namespace PowerAutomation.Tests.Licensing;

/// <summary>Two silos and two gateways on one PostgreSQL membership table: what one grain decides is exact.</summary>
public sealed class TwoSiloClusterFixture : ClusterFixture
{
    public HttpClient SecondGateway { get; private set; } = null!;

    protected override string[] SiloArguments() => ["--Licensing:ActivationsPerHour=100000"];

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await StartSiloAsync(SiloArguments());
        WebApplication gateway = await StartGatewayAsync();
        SecondGateway = new HttpClient { BaseAddress = new Uri(gateway.Urls.First()), Timeout = TimeSpan.FromSeconds(60) };
        await Processes.WaitUntilAsync(async () => (await Cluster.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true)).Count == 2,
            TimeSpan.FromSeconds(30), "both silos to be active");
    }
}

public sealed class TwoSiloExactnessTests(TwoSiloClusterFixture cluster) : IClassFixture<TwoSiloClusterFixture>
{
    private readonly HttpClient _first = cluster.CreateClient();

    [Fact]
    public async Task ThousandActivationsThroughTwoGateways_TakeExactlyMaxDevicesSeats()
    {
        var admin = await cluster.AdminTokenAsync();
        var (licenseId, key) = await _first.IssueLicenseAsync(admin, ApiClient.NewEmail(), maxDevices: 5);

        var attempts = Enumerable.Range(0, 1000).Select(i => (i % 2 == 0 ? _first : cluster.SecondGateway).ActivateAsync(key, $"device-{i}"));
        var responses = await Task.WhenAll(attempts);

        Assert.Equal(5, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(995, responses.Count(r => r.StatusCode == HttpStatusCode.Forbidden));
        var details = await (await _first.SendAuthorizedAsync(HttpMethod.Get, $"/api/v1/licenses/{licenseId}", admin)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(5, details.GetProperty("devices").GetArrayLength());
    }

    [Fact]
    public async Task ConcurrentConsumesThroughTwoGateways_SucceedExactlyMinOfNAndK()
    {
        var admin = await cluster.AdminTokenAsync();
        var email = ApiClient.NewEmail();
        var (_, user) = await _first.RegisterAndLoginAsync(email);
        await _first.IssueLicenseAsync(admin, email, limits: new { aiRequestsPerDay = 50, requestsPerMinute = 100_000 });

        var attempts = Enumerable.Range(0, 300).Select(i => (i % 2 == 0 ? _first : cluster.SecondGateway)
            .SendAuthorizedAsync(HttpMethod.Post, "/api/v1/me/quota/consume", user.AccessToken, new { kind = "ai_requests", cost = 1 }));
        var responses = await Task.WhenAll(attempts);

        Assert.Equal(50, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(250, responses.Count(r => r.StatusCode == HttpStatusCode.TooManyRequests));
    }

    [Fact]
    public async Task RevocationThroughOneGateway_IsSeenAtOnceThroughTheOther()
    {
        var admin = await cluster.AdminTokenAsync();
        var (licenseId, key) = await _first.IssueLicenseAsync(admin, ApiClient.NewEmail());
        await cluster.SecondGateway.ActivateAsync(key, "d");

        await _first.SendAuthorizedAsync(HttpMethod.Post, $"/api/v1/admin/licenses/{licenseId}/revoke", admin, new { reason = "fraud" });

        var validate = await (await cluster.SecondGateway.PostAsJsonAsync("/api/v1/licenses/validate", new { licenseKey = key, deviceId = "d" }))
            .Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("license_revoked", validate.GetProperty("reason").GetString());
    }
}

/// <summary>
/// Leases of two seconds on a fake licensing clock, swept by a reminder every (real) second: tests move lease time
/// forward instead of waiting it out, so neither a slow request nor a loaded machine changes what lapses.
/// </summary>
public sealed class ShortLeaseClusterFixture : ClusterFixture
{
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(2);

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    protected override string[] SiloArguments() =>
    [
        $"--Licensing:ActivationLease={Lease:c}",
        "--Licensing:LeaseSweepPeriod=00:00:01",
        "--Runtime:Reminders:MinimumReminderPeriod=00:00:01",
    ];

    protected override void ConfigureSiloServices(IServiceCollection services) => services.AddSingleton(new LicensingClock(Clock));
}

public sealed class LeaseReleaseTests(ShortLeaseClusterFixture cluster) : IClassFixture<ShortLeaseClusterFixture>
{
    [Fact]
    public async Task DevicesThatDoNotCheckIn_AreReleasedByTheReminder()
    {
        var http = cluster.CreateClient();
        var admin = await cluster.AdminTokenAsync();
        var (licenseId, key) = await http.IssueLicenseAsync(admin, ApiClient.NewEmail(), maxDevices: 2);
        Assert.Equal(HttpStatusCode.OK, (await http.ActivateAsync(key, "a")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.ActivateAsync(key, "b")).StatusCode);
        Assert.Equal(2, await DevicesAsync(http, admin, licenseId));

        // No activation or check-in from here on: only the reminder can free the seats, once their lease has lapsed.
        cluster.Clock.Advance(ShortLeaseClusterFixture.Lease + TimeSpan.FromSeconds(1));
        await Processes.WaitUntilAsync(async () => await DevicesAsync(http, admin, licenseId) == 0,
            TimeSpan.FromSeconds(30), "the lease reminder to release both seats");

        var validate = await (await http.PostAsJsonAsync("/api/v1/licenses/validate", new { licenseKey = key, deviceId = "a" })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("device_not_activated", validate.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task CheckingIn_KeepsTheSeat()
    {
        var http = cluster.CreateClient();
        var admin = await cluster.AdminTokenAsync();
        var (licenseId, key) = await http.IssueLicenseAsync(admin, ApiClient.NewEmail(), maxDevices: 1);
        await http.ActivateAsync(key, "kept");

        // Check-ins three quarters of a lease apart, for five leases: each renews the seat, so it never lapses.
        var step = ShortLeaseClusterFixture.Lease * 0.75;
        for (var i = 0; i < 7; i++)
        {
            cluster.Clock.Advance(step);
            var validate = await (await http.PostAsJsonAsync("/api/v1/licenses/validate", new { licenseKey = key, deviceId = "kept" })).Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(validate.GetProperty("valid").GetBoolean(), $"check-in {i} found the seat gone");
        }

        Assert.Equal(1, await DevicesAsync(http, admin, licenseId));

        // The same gap without the check-ins in between lapses the seat: the renewals above are what kept it.
        cluster.Clock.Advance(step * 2);
        var late = await (await http.PostAsJsonAsync("/api/v1/licenses/validate", new { licenseKey = key, deviceId = "kept" })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(late.GetProperty("valid").GetBoolean());
    }

    private static async Task<int> DevicesAsync(HttpClient http, string admin, string licenseId)
    {
        var details = await (await http.SendAuthorizedAsync(HttpMethod.Get, $"/api/v1/licenses/{licenseId}", admin)).Content.ReadFromJsonAsync<JsonElement>();
        return details.GetProperty("devices").GetArrayLength();
    }
}
