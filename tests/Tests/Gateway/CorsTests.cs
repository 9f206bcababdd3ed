using System.Net;
using Microsoft.Extensions.Options;
using PowerAutomation.Gateway.Hosting;
using PowerAutomation.Tests.Infrastructure;

namespace PowerAutomation.Tests.Gateway;

/// <summary>CORS for origins in <c>Gateway:Cors:Origins</c> (API.md, "Web app"): what a browser on another site sees.</summary>
[Collection(ClusterCollection.Name)]
public sealed class CorsTests(ClusterFixture cluster)
{
    private const string Allowed = "https://app.example.com";
    private const string Other = "https://evil.example.com";

    [Fact]
    public async Task AllowedOrigin_GetsItsOriginEchoed_OnRequestsAndErrors()
    {
        var http = await GatewayAsync();
        var (_, tokens) = await http.RegisterAndLoginAsync();

        foreach (var (request, status) in new[]
        {
            (WithOrigin(ApiClient.Authorized(HttpMethod.Get, "/api/v1/me", tokens.AccessToken), Allowed), HttpStatusCode.OK),
            (WithOrigin(new HttpRequestMessage(HttpMethod.Get, "/api/v1/me"), Allowed), HttpStatusCode.Unauthorized),
            (WithOrigin(ApiClient.Authorized(HttpMethod.Get, $"/api/v1/projects/{Guid.NewGuid()}", tokens.AccessToken), "http://localhost:5173"), HttpStatusCode.NotFound),
        })
        {
            using var response = await http.SendAsync(request);

            Assert.Equal(status, response.StatusCode);
            Assert.Equal(request.Headers.GetValues("Origin").Single(), Header(response, "Access-Control-Allow-Origin"));
            Assert.Contains("Origin", response.Headers.Vary);
            var exposed = Header(response, "Access-Control-Expose-Headers")!.Split(',', StringSplitOptions.TrimEntries);
            Assert.Superset(new HashSet<string>(["X-Request-Id", "Retry-After", "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset", "traceparent"],
                StringComparer.OrdinalIgnoreCase), new HashSet<string>(exposed, StringComparer.OrdinalIgnoreCase));
            Assert.Null(Header(response, "Access-Control-Allow-Credentials"));
        }
    }

    [Fact]
    public async Task Preflight_FromAnAllowedOrigin_IsAnsweredWithoutAToken()
    {
        var http = await GatewayAsync();

        using var response = await http.SendAsync(Preflight($"/api/v1/documents/{Guid.NewGuid()}", Allowed, "PATCH",
            "authorization, content-type, idempotency-key, x-request-id, anthropic-version, anthropic-beta"));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(Allowed, Header(response, "Access-Control-Allow-Origin"));
        Assert.Equal(["GET", "POST", "PUT", "PATCH", "DELETE"], Header(response, "Access-Control-Allow-Methods")!.Split(',', StringSplitOptions.TrimEntries));
        var headers = Header(response, "Access-Control-Allow-Headers")!.Split(',', StringSplitOptions.TrimEntries);
        Assert.Superset(new HashSet<string>(["Authorization", "Content-Type", "Idempotency-Key", "X-Request-Id", "anthropic-version", "anthropic-beta"],
            StringComparer.OrdinalIgnoreCase), new HashSet<string>(headers, StringComparer.OrdinalIgnoreCase));
        Assert.NotNull(Header(response, "Access-Control-Max-Age"));
        Assert.Null(Header(response, "Access-Control-Allow-Credentials"));
    }

    [Fact]
    public async Task Preflight_IsNotRateLimited()
    {
        // One request per second per address: twenty limited preflights in a row could not all pass.
        var http = await GatewayAsync("--Gateway:RequestsPerSecondPerAddress=1");

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 20; i++)
        {
            using var response = await http.SendAsync(Preflight("/api/v1/projects", Allowed, "POST", "authorization, content-type"));
            statuses.Add(response.StatusCode);
        }

        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.NoContent, status));
    }

    [Fact]
    public async Task OtherOrigins_AndGatewaysWithoutOrigins_GetNoCorsHeaders()
    {
        var configured = await GatewayAsync();
        var unconfigured = cluster.CreateClient();

        foreach (var (http, origin) in new[] { (configured, Other), (configured, "http://app.example.com"), (configured, "https://app.example.com:8443"), (unconfigured, Allowed) })
        {
            using var get = await http.SendAsync(WithOrigin(new HttpRequestMessage(HttpMethod.Get, "/health/live"), origin));
            using var preflight = await http.SendAsync(Preflight("/api/v1/projects", origin, "POST", "authorization"));

            Assert.Equal(HttpStatusCode.OK, get.StatusCode);
            foreach (var response in new[] { get, preflight })
            {
                Assert.Null(Header(response, "Access-Control-Allow-Origin"));
                Assert.Null(Header(response, "Access-Control-Allow-Methods"));
                Assert.Null(Header(response, "Access-Control-Allow-Headers"));
                Assert.Null(Header(response, "Access-Control-Expose-Headers"));
            }
        }
    }

    [Theory]
    [InlineData("https://app.example.com/")]
    [InlineData("https://app.example.com/app")]
    [InlineData("https://app.example.com?x=1")]
    [InlineData("https://user@app.example.com")]
    [InlineData("ftp://app.example.com")]
    [InlineData("app.example.com")]
    [InlineData("*")]
    [InlineData(" ")]
    public async Task BadConfiguredOrigin_FailsTheStart_NamingTheSetting(string origin)
    {
        await using var app = GatewayApp.Build([.. cluster.ClusterArguments(), $"--Gateway:Cors:Origins:0={Allowed}", $"--Gateway:Cors:Origins:1={origin}"]);

        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("Gateway:Cors:Origins:1", refused.Message);
        Assert.DoesNotContain("Gateway:Cors:Origins:0", refused.Message);
    }

    private async Task<HttpClient> GatewayAsync(params string[] extra)
    {
        var gateway = await cluster.StartGatewayAsync([$"--Gateway:Cors:Origins:0={Allowed}", "--Gateway:Cors:Origins:1=http://localhost:5173", .. extra]);
        return new HttpClient { BaseAddress = new Uri(gateway.Urls.First()), Timeout = TimeSpan.FromSeconds(30) };
    }

    private static HttpRequestMessage WithOrigin(HttpRequestMessage request, string origin)
    {
        request.Headers.Add("Origin", origin);
        return request;
    }

    private static HttpRequestMessage Preflight(string path, string origin, string method, string headers)
    {
        var request = WithOrigin(new HttpRequestMessage(HttpMethod.Options, path), origin);
        request.Headers.Add("Access-Control-Request-Method", method);
        request.Headers.Add("Access-Control-Request-Headers", headers);
        return request;
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values) ? string.Join(",", values) : null;
}
