using System.Net;
using System.Net.Http.Json;
using PowerAutomation.Tests.Infrastructure;

namespace PowerAutomation.Tests.Identity;

/// <summary>A cluster that trips its client-address limits quickly, so other tests' traffic is not throttled.</summary>
public sealed class StrictThrottleClusterFixture : ClusterFixture
{
    protected override string[] SiloArguments() => ["--Accounts:AddressFailuresAllowed=4"];
}

public sealed class FloodControlTests(StrictThrottleClusterFixture cluster) : IClassFixture<StrictThrottleClusterFixture>
{
    [Fact]
    public async Task Login_ManyFailuresFromOneAddress_ThrottlesThatAddressForEveryAccount()
    {
        var http = cluster.CreateClient();
        var victim = ApiClient.NewEmail("victim");
        await http.RegisterAsync(victim);
        for (var i = 0; i < 4; i++)
        {
            var failed = await http.PostAsJsonAsync("/api/v1/auth/login", new { email = ApiClient.NewEmail("spray"), password = "guess number " + i });
            await failed.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
        }

        var throttled = await http.PostAsJsonAsync("/api/v1/auth/login", new { email = victim, password = ApiClient.Password });
        await throttled.AssertProblemAsync(HttpStatusCode.TooManyRequests, "too_many_attempts");
        Assert.NotNull(throttled.Headers.RetryAfter);
    }

    [Fact]
    public async Task AuthEndpoints_OverPerAddressRate_Answer429RateLimited()
    {
        var gateway = await cluster.StartGatewayAsync("--Gateway:AuthRequestsPerMinutePerAddress=3");
        var http = new HttpClient { BaseAddress = new Uri(gateway.Urls.First()) };

        for (var i = 0; i < 3; i++)
        {
            var allowed = await http.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = "x" });
            Assert.Equal(HttpStatusCode.Unauthorized, allowed.StatusCode);
        }

        var limited = await http.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = "x" });
        await limited.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);

        // Flood control is per endpoint group: reading health is unaffected.
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/live")).StatusCode);
    }
}
