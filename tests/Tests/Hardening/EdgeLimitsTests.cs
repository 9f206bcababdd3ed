using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PowerAutomation.Tests.Infrastructure;

namespace PowerAutomation.Tests.Hardening;

/// <summary>
/// The request's edges (issue 11, item 15): oversized heads get problem+json, the vendor surface counts against
/// requests_per_minute, and X-Forwarded-For is believed from configured proxies only.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class EdgeLimitsTests(ClusterFixture cluster)
{
    private readonly HttpClient _http = cluster.CreateClient();

    [Fact]
    public async Task HugeHeaders_Answer431Problem()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/me");
        request.Headers.TryAddWithoutValidation("X-Padding", new string('a', 40 * 1024));

        var response = await _http.SendAsync(request);

        await response.AssertProblemAsync(HttpStatusCode.RequestHeaderFieldsTooLarge, "headers_too_large");
    }

    [Fact]
    public async Task HugeTarget_Answers414Problem()
    {
        var response = await _http.GetAsync("/api/v1/projects?q=" + new string('a', 10 * 1024));

        await response.AssertProblemAsync(HttpStatusCode.RequestUriTooLong, "uri_too_long");
    }

    [Fact]
    public async Task VendorSurface_CountsAgainstRequestsPerMinute()
    {
        var email = ApiClient.NewEmail("rpm");
        await _http.RegisterAsync(email);
        await _http.IssueLicenseAsync(await cluster.AdminTokenAsync(), email, limits: new { requestsPerMinute = 3 });
        var token = (await _http.LoginAsync(email)).AccessToken;

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await _http.SendAuthorizedAsync(HttpMethod.Get, "/v1/models", token)).StatusCode);
        }

        var limited = await _http.SendAuthorizedAsync(HttpMethod.Get, "/v1/models", token);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.NotNull(limited.Headers.RetryAfter);
        var error = (await limited.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");
        Assert.Equal("quota_exceeded", error.GetProperty("code").GetString());
    }

    [Fact]
    public async Task ForwardedFor_FromAKnownProxy_GivesEachClientItsOwnBucket()
    {
        var gateway = await cluster.StartGatewayAsync("--Gateway:AuthRequestsPerMinutePerAddress=3", "--Gateway:KnownProxies:0=127.0.0.1");
        var http = new HttpClient { BaseAddress = new Uri(gateway.Urls.First()) };

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await RefreshFrom(http, "203.0.113.7")).StatusCode);
        }

        await (await RefreshFrom(http, "203.0.113.7")).AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.Equal(HttpStatusCode.Unauthorized, (await RefreshFrom(http, "203.0.113.8")).StatusCode);
    }

    [Fact]
    public async Task ForwardedFor_WithNoKnownProxy_IsIgnored()
    {
        var gateway = await cluster.StartGatewayAsync("--Gateway:AuthRequestsPerMinutePerAddress=3");
        var http = new HttpClient { BaseAddress = new Uri(gateway.Urls.First()) };

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await RefreshFrom(http, $"203.0.113.{10 + i}")).StatusCode);
        }

        // A client cannot buy itself a fresh bucket by claiming another address.
        await (await RefreshFrom(http, "203.0.113.99")).AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
    }

    private static Task<HttpResponseMessage> RefreshFrom(HttpClient http, string address)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/refresh") { Content = JsonContent.Create(new { refreshToken = "x" }) };
        request.Headers.Add("X-Forwarded-For", address);
        return http.SendAsync(request);
    }
}
