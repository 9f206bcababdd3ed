using System.Net;
using System.Text.Json;
using PowerAutomation.Tests.Infrastructure;

namespace PowerAutomation.Tests.Gateway;

[Collection(ClusterCollection.Name)]
public sealed class HttpConventionsTests(ClusterFixture cluster)
{
    private readonly HttpClient _http = cluster.CreateClient();

    [Fact]
    public async Task AnyResponse_CarriesRequestIdAndTraceparent()
    {
        var response = await _http.GetAsync("/health/live");

        Assert.Matches("^[0-9a-f]{32}$", response.Headers.GetValues("X-Request-Id").Single());
        Assert.Matches("^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$", response.Headers.GetValues("traceparent").Single());
    }

    [Fact]
    public async Task RequestId_FromCaller_IsEchoedAndPutOnProblems()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/me");
        request.Headers.Add("X-Request-Id", "client-chosen-42");
        var response = await _http.SendAsync(request);

        Assert.Equal("client-chosen-42", response.Headers.GetValues("X-Request-Id").Single());
        var problem = await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Equal("client-chosen-42", problem.GetProperty("requestId").GetString());
        Assert.Matches("^[0-9a-f]{32}$", problem.GetProperty("traceId").GetString());
    }

    [Fact]
    public async Task RequestId_Unsafe_IsReplaced()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        request.Headers.TryAddWithoutValidation("X-Request-Id", new string('x', 500));
        var response = await _http.SendAsync(request);
        Assert.Matches("^[0-9a-f]{32}$", response.Headers.GetValues("X-Request-Id").Single());
    }

    [Fact]
    public async Task IncomingTraceparent_IsContinued()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        request.Headers.Add("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
        var response = await _http.SendAsync(request);
        Assert.StartsWith("00-0af7651916cd43dd8448eb211c80319c-", response.Headers.GetValues("traceparent").Single());
    }

    [Fact]
    public async Task UnknownRoute_Answers404Problem()
    {
        var response = await _http.GetAsync("/api/v1/nothing-here");
        await response.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task WrongMethod_Answers405Problem()
    {
        var response = await _http.DeleteAsync("/api/v1/auth/login");
        await response.AssertProblemAsync(HttpStatusCode.MethodNotAllowed, "method_not_allowed");
    }

    [Fact]
    public async Task OpenApi_DescribesIdentityEndpoints()
    {
        var document = JsonDocument.Parse(await _http.GetStringAsync("/openapi/v1.json")).RootElement;

        Assert.StartsWith("3.1", document.GetProperty("openapi").GetString());
        var paths = document.GetProperty("paths");
        foreach (var path in new[] { "/api/v1/auth/register", "/api/v1/auth/login", "/api/v1/auth/refresh", "/api/v1/auth/logout",
                     "/api/v1/me", "/api/v1/me/mfa/totp", "/api/v1/me/mfa/totp/confirm", "/api/v1/me/mfa/recovery-codes", "/api/v1/me/api-keys", "/api/v1/me/api-keys/{keyId}",
                     "/api/v1/me/invitations", "/api/v1/invitations/{invitationId}/accept", "/api/v1/invitations/{invitationId}/decline" })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"OpenAPI lacks {path}");
        }
    }

    [Fact]
    public async Task Metrics_ExposePrometheusTextWithHttpOrleansAndIdentityMeters()
    {
        await _http.RegisterAndLoginAsync();
        var response = await _http.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("http_server_request_duration_seconds", text);
        Assert.Contains("orleans_", text);
        Assert.Contains("pa_identity_logins_total{", text);
        Assert.Contains("outcome=\"succeeded\"", text);
    }
}
