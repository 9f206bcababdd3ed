using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PowerAutomation.Client.Licensing;
using PowerAutomation.Tests.Infrastructure;

namespace PowerAutomation.Tests.Licensing;

[Collection(ClusterCollection.Name)]
public sealed class LicensingTests(ClusterFixture cluster)
{
    private readonly HttpClient _http = cluster.CreateClient();

    [Fact]
    public async Task Licence_ActivatesOnTwoDevices_RefusesTheThird_AndCertificatesVerifyOffline()
    {
        var admin = await cluster.AdminTokenAsync();
        var email = ApiClient.NewEmail("buyer");
        var (_, user) = await _http.RegisterAndLoginAsync(email);
        var (licenseId, key) = await _http.IssueLicenseAsync(admin, email, maxDevices: 2);

        var laptop = await _http.ActivateAsync(key, "laptop");
        var desktop = await _http.ActivateAsync(key, "desktop");
        var phone = await _http.ActivateAsync(key, "phone");

        Assert.Equal(HttpStatusCode.OK, laptop.StatusCode);
        Assert.Equal(HttpStatusCode.OK, desktop.StatusCode);
        await phone.AssertProblemAsync(HttpStatusCode.Forbidden, "device_limit_reached");

        var activation = await laptop.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(licenseId, activation.GetProperty("licenseId").GetString());
        Assert.Equal("professional", activation.GetProperty("edition").GetString());
        Assert.Equal(["ai", "sync"], activation.GetProperty("features").EnumerateArray().Select(f => f.GetString()!).ToArray());

        var jwks = await _http.GetStringAsync("/api/v1/licenses/public-keys");
        var verifier = OfflineLicenseVerifier.FromJwks(jwks);
        Assert.True(verifier.VerifyLicenseKey(key).Valid);
        var certificate = activation.GetProperty("certificate").GetString()!;
        Assert.True(verifier.VerifyCertificate(certificate, "laptop").Valid);
        Assert.Equal(OfflineReasons.WrongDevice, verifier.VerifyCertificate(certificate, "phone").Reason);

        // Re-activating a device that holds a seat renews it instead of taking another.
        Assert.Equal(HttpStatusCode.OK, (await _http.ActivateAsync(key, "laptop")).StatusCode);

        var me = await (await _http.SendAuthorizedAsync(HttpMethod.Get, "/api/v1/me", user.AccessToken)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("professional", me.GetProperty("edition").GetString());
    }

    [Fact]
    public async Task TamperedKey_IsInvalidLicense()
    {
        var admin = await cluster.AdminTokenAsync();
        var (_, key) = await _http.IssueLicenseAsync(admin, ApiClient.NewEmail());
        var parts = key.Split('.');
        var payload = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(Jwt.Decode(parts[1]))!;
        payload["maxDevices"] = JsonSerializer.SerializeToElement(1000);
        var tampered = $"{parts[0]}.{Jwt.Encode(JsonSerializer.Serialize(payload))}.{parts[2]}";
        var flipped = key[..^2] + (key[^2] == 'A' ? 'B' : 'A') + key[^1];

        foreach (var bad in new[] { tampered, flipped, "PA1.garbage", "not a key", key + "." })
        {
            var activate = await _http.ActivateAsync(bad, "device");
            await activate.AssertProblemAsync(HttpStatusCode.Forbidden, "invalid_license");
            var validate = await (await _http.PostAsJsonAsync("/api/v1/licenses/validate", new { licenseKey = bad, deviceId = "device" }))
                .Content.ReadFromJsonAsync<JsonElement>();
            Assert.False(validate.GetProperty("valid").GetBoolean());
            Assert.Equal("invalid_license", validate.GetProperty("reason").GetString());
        }
    }

    [Fact]
    public async Task Validate_ReportsActivatedAndUnknownDevices()
    {
        var admin = await cluster.AdminTokenAsync();
        var (_, key) = await _http.IssueLicenseAsync(admin, ApiClient.NewEmail());
        await _http.ActivateAsync(key, "known");

        var known = await (await _http.PostAsJsonAsync("/api/v1/licenses/validate", new { licenseKey = key, deviceId = "known" }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var unknown = await (await _http.PostAsJsonAsync("/api/v1/licenses/validate", new { licenseKey = key, deviceId = "stranger" }))
            .Content.ReadFromJsonAsync<JsonElement>();

        Assert.True(known.GetProperty("valid").GetBoolean());
        Assert.Equal("professional", known.GetProperty("edition").GetString());
        Assert.False(unknown.GetProperty("valid").GetBoolean());
        Assert.Equal("device_not_activated", unknown.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Revocation_TakesEffectAtOnce_ForActivationValidationAndEdition()
    {
        var admin = await cluster.AdminTokenAsync();
        var email = ApiClient.NewEmail();
        var (_, user) = await _http.RegisterAndLoginAsync(email);
        var (licenseId, key) = await _http.IssueLicenseAsync(admin, email, edition: "team");
        await _http.ActivateAsync(key, "d1");

        var revoke = await _http.SendAuthorizedAsync(HttpMethod.Post, $"/api/v1/admin/licenses/{licenseId}/revoke", admin, new { reason = "chargeback" });
        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);

        await (await _http.ActivateAsync(key, "d2")).AssertProblemAsync(HttpStatusCode.Forbidden, "license_revoked");
        var validate = await (await _http.PostAsJsonAsync("/api/v1/licenses/validate", new { licenseKey = key, deviceId = "d1" }))
            .Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("license_revoked", validate.GetProperty("reason").GetString());
        var me = await (await _http.SendAuthorizedAsync(HttpMethod.Get, "/api/v1/me", user.AccessToken)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("community", me.GetProperty("edition").GetString());
    }

    [Fact]
    public async Task ExpiredLicence_IsRefusedWithLicenseExpired()
    {
        var admin = await cluster.AdminTokenAsync();
        var (_, key) = await _http.IssueLicenseAsync(admin, ApiClient.NewEmail(), expiresAt: DateTimeOffset.UtcNow.AddSeconds(2));

        await Processes.WaitUntilAsync(async () =>
            (await _http.ActivateAsync(key, "late")).StatusCode == HttpStatusCode.Forbidden, TimeSpan.FromSeconds(10), "the licence to expire");
        await (await _http.ActivateAsync(key, "late")).AssertProblemAsync(HttpStatusCode.Forbidden, "license_expired");
    }

    [Fact]
    public async Task DeviceRelease_ByOwnerOrAdmin_FreesTheSeat_OthersAreRefused()
    {
        var admin = await cluster.AdminTokenAsync();
        var email = ApiClient.NewEmail();
        var (_, owner) = await _http.RegisterAndLoginAsync(email);
        var (_, stranger) = await _http.RegisterAndLoginAsync();
        var (licenseId, key) = await _http.IssueLicenseAsync(admin, email, maxDevices: 1);
        await _http.ActivateAsync(key, "old");

        var byStranger = await _http.SendAuthorizedAsync(HttpMethod.Delete, $"/api/v1/licenses/{licenseId}/devices/old", stranger.AccessToken);
        await byStranger.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");

        var byOwner = await _http.SendAuthorizedAsync(HttpMethod.Delete, $"/api/v1/licenses/{licenseId}/devices/old", owner.AccessToken);
        Assert.Equal(HttpStatusCode.NoContent, byOwner.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _http.ActivateAsync(key, "new")).StatusCode);

        var byAdmin = await _http.SendAuthorizedAsync(HttpMethod.Delete, $"/api/v1/licenses/{licenseId}/devices/new", admin);
        Assert.Equal(HttpStatusCode.NoContent, byAdmin.StatusCode);
        var again = await _http.SendAuthorizedAsync(HttpMethod.Delete, $"/api/v1/licenses/{licenseId}/devices/new", admin);
        await again.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        var unknown = await _http.SendAuthorizedAsync(HttpMethod.Delete, $"/api/v1/licenses/{Guid.NewGuid():N}/devices/x", admin);
        await unknown.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task ActivationChurn_IsRateLimitedPerLicence()
    {
        var admin = await cluster.AdminTokenAsync();
        var (licenseId, key) = await _http.IssueLicenseAsync(admin, ApiClient.NewEmail(), maxDevices: 1);
        for (var i = 0; i < 30; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await _http.ActivateAsync(key, "churn")).StatusCode);
            await _http.SendAuthorizedAsync(HttpMethod.Delete, $"/api/v1/licenses/{licenseId}/devices/churn", admin);
        }

        var limited = await _http.ActivateAsync(key, "churn");
        await limited.AssertProblemAsync(HttpStatusCode.TooManyRequests, "activation_rate_limited");
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.FromMinutes(50));
    }

    [Fact]
    public async Task AdminEndpoints_RequireAdmin()
    {
        var (_, member) = await _http.RegisterAndLoginAsync();
        var body = new { email = ApiClient.NewEmail(), edition = "personal", maxDevices = 1, expiresAt = DateTimeOffset.UtcNow.AddDays(1) };

        await (await _http.PostAsJsonAsync("/api/v1/admin/licenses", body)).AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        await (await _http.SendAuthorizedAsync(HttpMethod.Post, "/api/v1/admin/licenses", member.AccessToken, body))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await _http.SendAuthorizedAsync(HttpMethod.Post, $"/api/v1/admin/licenses/{Guid.NewGuid():N}/revoke", member.AccessToken, new { reason = "x" }))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Theory]
    [InlineData("{\"email\":\"not-mail\",\"edition\":\"personal\",\"maxDevices\":1,\"expiresAt\":\"2099-01-01T00:00:00Z\"}", "validation_failed")]
    [InlineData("{\"email\":\"a@example.com\",\"edition\":\"platinum\",\"maxDevices\":1,\"expiresAt\":\"2099-01-01T00:00:00Z\"}", "validation_failed")]
    [InlineData("{\"email\":\"a@example.com\",\"edition\":\"personal\",\"maxDevices\":0,\"expiresAt\":\"2099-01-01T00:00:00Z\"}", "validation_failed")]
    [InlineData("{\"email\":\"a@example.com\",\"edition\":\"personal\",\"maxDevices\":1,\"expiresAt\":\"2001-01-01T00:00:00Z\"}", "validation_failed")]
    [InlineData("{\"email\":\"a@example.com\",\"edition\":\"personal\",\"maxDevices\":1,\"expiresAt\":\"2099-01-01T00:00:00Z\",\"limits\":{\"aiRequestsPerDay\":-1}}", "validation_failed")]
    [InlineData("{\"email\":\"a@example.com\",\"edition\":\"personal\",\"maxDevices\":\"two\",\"expiresAt\":\"2099-01-01T00:00:00Z\"}", "invalid_json")]
    [InlineData("{\"email\":\"a@example.com\",\"edition\":\"personal\",\"maxDevices\":1,\"expiresAt\":\"2099-01-01T00:00:00Z\",\"features\":[\"Bad Feature\"]}", "validation_failed")]
    public async Task Issue_BadRequests_Answer400AndIssueNothing(string json, string code)
    {
        var admin = await cluster.AdminTokenAsync();
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/admin/licenses") { Content = ApiClient.RawJson(json) };
        request.Headers.Authorization = new("Bearer", admin);
        await (await _http.SendAsync(request)).AssertProblemAsync(HttpStatusCode.BadRequest, code);
    }

    [Fact]
    public async Task Activate_BadRequests_Answer400()
    {
        await (await _http.PostAsync("/api/v1/licenses/activate", ApiClient.RawJson("{\"deviceId\":\"d\"}")))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await (await _http.PostAsync("/api/v1/licenses/activate", ApiClient.RawJson($"{{\"licenseKey\":\"PA1.x.y\",\"deviceId\":\"{new string('d', 200)}\"}}")))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await (await _http.PostAsync("/api/v1/licenses/validate", ApiClient.RawJson("[1,2]")))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_json");
    }

    [Fact]
    public async Task Issue_ToUnknownEmail_CreatesTheAccountThatOwnsIt()
    {
        var admin = await cluster.AdminTokenAsync();
        var email = ApiClient.NewEmail("new-buyer");
        var (licenseId, _) = await _http.IssueLicenseAsync(admin, email);

        var details = await (await _http.SendAuthorizedAsync(HttpMethod.Get, $"/api/v1/licenses/{licenseId}", admin)).Content.ReadFromJsonAsync<JsonElement>();
        var owner = details.GetProperty("ownerId").GetGuid();
        Assert.Equal(owner, await cluster.Cluster.GetGrain<Grains.Abstractions.Identity.IEmailIndexGrain>(email).Find());
    }
}
