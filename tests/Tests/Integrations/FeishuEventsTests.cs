using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using PowerAutomation.Grains.Abstractions.Identity;
using PowerAutomation.Grains.Abstractions.Licensing;
using PowerAutomation.Tests.Infrastructure;

namespace PowerAutomation.Tests.Integrations;

/// <summary>
/// Callbacks built byte for byte as Lark documents them: JSON, AES-256-CBC under SHA-256(encrypt key) with the
/// IV in front, base64 in <c>{"encrypt": …}</c>, signed with SHA-256 hex over timestamp + nonce + key + body.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class FeishuEventsTests(ClusterFixture cluster) : IAsyncLifetime
{
    private const string EncryptKey = "test-encrypt-key-4f1c";
    private const string VerificationToken = "test-verification-token";
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        var gateway = await cluster.StartGatewayAsync(
            "--Integrations:Feishu:Enabled=true",
            $"--Integrations:Feishu:EncryptKey={EncryptKey}",
            $"--Integrations:Feishu:VerificationToken={VerificationToken}",
            "--Integrations:Feishu:Plans:plan-team:Edition=team",
            "--Integrations:Feishu:Plans:plan-team:MaxDevices=10",
            "--Integrations:Feishu:Plans:plan-team:DurationDays=30");
        _http = new HttpClient { BaseAddress = new Uri(gateway.Urls.First()) };
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task UrlVerification_Encrypted_AnswersTheChallenge()
    {
        var response = await Send(Encrypted(new { challenge = "ajls384kdjx98XX", token = VerificationToken, type = "url_verification" }), sign: false);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ajls384kdjx98XX", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("challenge").GetString());
    }

    [Fact]
    public async Task UrlVerification_WrongToken_IsRefused()
    {
        var response = await Send(Encrypted(new { challenge = "x", token = "guess", type = "url_verification" }), sign: false);
        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_verification_token");
    }

    [Fact]
    public async Task PaidOrder_IssuesLicenceToBuyer_CreatingTheAccount_OnceEvenWhenRetried()
    {
        var email = ApiClient.NewEmail("feishu-buyer");
        var orderId = "order-" + Guid.NewGuid().ToString("N")[..10];
        var body = Encrypted(PaidOrder(orderId, email, "plan-team"));

        var first = await Send(body);
        var retried = await Send(body);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var licenseId = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("licenseId").GetString();
        Assert.Equal(licenseId, (await retried.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("licenseId").GetString());

        var owner = await cluster.Cluster.GetGrain<IEmailIndexGrain>(email).Find();
        Assert.NotNull(owner);
        // The licence waits for the buyer to prove the address; a password reset by the mailed link claims the account.
        Assert.Equal("community", (await cluster.Cluster.GetGrain<IUserGrain>(owner.Value).GetEntitlements()).Edition);
        using var http = cluster.CreateClient();
        var reset = await PowerAutomation.Tests.Accounts.Mail.MailJourney.ResetTokenAsync(http, cluster.Mail, email);
        Assert.Equal(HttpStatusCode.NoContent, (await PowerAutomation.Tests.Accounts.Mail.MailJourney.ConfirmResetAsync(http, reset)).StatusCode);
        var entitlements = await cluster.Cluster.GetGrain<IUserGrain>(owner.Value).GetEntitlements();
        Assert.Equal(("team", licenseId), (entitlements.Edition, entitlements.LicenseId));
        var details = await cluster.Cluster.GetGrain<ILicenseGrain>(licenseId!).GetDetails();
        Assert.Equal(10, details!.Summary.MaxDevices);
    }

    [Fact]
    public async Task PaidOrder_WithBadSignature_IsRefusedAndIssuesNothing()
    {
        var orderId = "order-" + Guid.NewGuid().ToString("N")[..10];
        var email = ApiClient.NewEmail("forger");
        var body = Encrypted(PaidOrder(orderId, email, null));

        var forged = await Send(body, signature: new string('0', 64));
        var otherKey = await Send(body, signWith: "not-the-key");
        var unsigned = await Send(body, sign: false);

        await forged.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_signature");
        await otherKey.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_signature");
        await unsigned.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_signature");
        Assert.Null(await cluster.Cluster.GetGrain<IEmailIndexGrain>(email).Find());
        Assert.Null(await cluster.Cluster.GetGrain<ILicenseGrain>(PowerAutomation.Gateway.Integrations.FeishuEventsApi.LicenseIdFor(orderId)).GetDetails());
    }

    [Fact]
    public async Task PaidOrder_ReplayedLater_IsRefusedAsStale()
    {
        var email = ApiClient.NewEmail("replay");
        var old = DateTimeOffset.UtcNow.AddMinutes(-30).ToUnixTimeSeconds().ToString();
        var response = await Send(Encrypted(PaidOrder("order-" + Guid.NewGuid().ToString("N")[..10], email, null)), timestamp: old);
        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "stale_request");
        Assert.Null(await cluster.Cluster.GetGrain<IEmailIndexGrain>(email).Find());
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("{\"encrypt\":\"!!!not-base64!!!\"}")]
    [InlineData("{\"encrypt\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\"}")]
    [InlineData("[1,2,3]")]
    public async Task MalformedCallbacks_Answer400(string body)
    {
        var response = await Send(body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task PaidOrder_WithoutEmail_Answers400InvalidEvent()
    {
        var response = await Send(Encrypted(PaidOrder("order-x", null, null)));
        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_event");
    }

    [Fact]
    public async Task OtherEvents_AreAcknowledgedAndIgnored()
    {
        var response = await Send(Encrypted(new
        {
            schema = "2.0",
            header = new { event_id = Guid.NewGuid().ToString(), token = VerificationToken, event_type = "im.message.receive_v1", create_time = "1" },
            @event = new { message = new { content = "hi" } },
        }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task DisabledIntegration_Answers404()
    {
        var response = await cluster.CreateClient().PostAsync("/api/v1/integrations/feishu/events", ApiClient.RawJson("{}"));
        await response.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    private static object PaidOrder(string orderId, string? email, string? plan) => new
    {
        uuid = Guid.NewGuid().ToString("N"),
        token = VerificationToken,
        ts = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(),
        type = "event_callback",
        @event = new
        {
            type = "order_paid",
            app_id = "cli_test",
            order_id = orderId,
            price_plan_id = plan,
            price_plan_type = "per_year",
            buy_count = 1,
            tenant_key = "tenant-1",
            buyer_email = email,
        },
    };

    private static string Encrypted(object payload)
    {
        using var aes = Aes.Create();
        aes.Key = SHA256.HashData(Encoding.UTF8.GetBytes(EncryptKey));
        aes.GenerateIV();
        var cipher = aes.EncryptCbc(JsonSerializer.SerializeToUtf8Bytes(payload), aes.IV, PaddingMode.PKCS7);
        return JsonSerializer.Serialize(new { encrypt = Convert.ToBase64String([.. aes.IV, .. cipher]) });
    }

    private Task<HttpResponseMessage> Send(string body, bool sign = true, string? signature = null, string? signWith = null, string? timestamp = null)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/integrations/feishu/events") { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new("application/json") { CharSet = "utf-8" };
        if (sign)
        {
            timestamp ??= DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString();
            var nonce = Guid.NewGuid().ToString("N");
            var signed = Encoding.UTF8.GetBytes(timestamp + nonce + (signWith ?? EncryptKey)).Concat(bytes).ToArray();
            request.Headers.Add("X-Lark-Request-Timestamp", timestamp);
            request.Headers.Add("X-Lark-Request-Nonce", nonce);
            request.Headers.Add("X-Lark-Signature", signature ?? Convert.ToHexStringLower(SHA256.HashData(signed)));
        }

        return _http.SendAsync(request);
    }
}
