using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
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

/// <summary>Leases of two seconds swept every second, so release by reminder can be watched.</summary>
public sealed class ShortLeaseClusterFixture : ClusterFixture
{
    protected override string[] SiloArguments() =>
    [
        "--Licensing:ActivationLease=00:00:02",
        "--Licensing:LeaseSweepPeriod=00:00:01",
        "--Runtime:Reminders:MinimumReminderPeriod=00:00:01",
    ];
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

        // No activation or check-in from here on: only the reminder can free the seats.
        await Processes.WaitUntilAsync(async () =>
        {
            var details = await (await http.SendAuthorizedAsync(HttpMethod.Get, $"/api/v1/licenses/{licenseId}", admin)).Content.ReadFromJsonAsync<JsonElement>();
            return details.GetProperty("devices").GetArrayLength() == 0;
        }, TimeSpan.FromSeconds(30), "the lease reminder to release both seats");

        var validate = await (await http.PostAsJsonAsync("/api/v1/licenses/validate", new { licenseKey = key, deviceId = "a" })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("device_not_activated", validate.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task CheckingIn_KeepsTheSeat()
    {
        var http = cluster.CreateClient();
        var admin = await cluster.AdminTokenAsync();
        var (_, key) = await http.IssueLicenseAsync(admin, ApiClient.NewEmail(), maxDevices: 1);
        await http.ActivateAsync(key, "kept");

        // Check-ins a tenth of the lease apart for two leases and more (several sweeps): each renews the seat, so even
        // a loaded machine that stalls a request for over a second leaves a gap inside the 2 s lease. (One-second
        // pacing failed on a loaded run: a 1 s wait plus a slow request passed the lease.)
        var watched = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; watched.Elapsed < TimeSpan.FromSeconds(4.5); i++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(200));
            var validate = await (await http.PostAsJsonAsync("/api/v1/licenses/validate", new { licenseKey = key, deviceId = "kept" })).Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(validate.GetProperty("valid").GetBoolean(), $"check-in {i} found the seat gone");
        }
    }
}
