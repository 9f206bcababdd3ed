using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PowerAutomation.Tests.Infrastructure;

namespace PowerAutomation.Tests.Identity;

[Collection(ClusterCollection.Name)]
public sealed class LoginTests(ClusterFixture cluster)
{
    private readonly HttpClient _http = cluster.CreateClient();

    [Fact]
    public async Task Login_RightPassword_ReturnsBearerPairThatOpensMe()
    {
        var email = ApiClient.NewEmail();
        await _http.RegisterAsync(email);

        var tokens = await _http.LoginAsync(email);

        Assert.Equal("Bearer", tokens.TokenType);
        Assert.Equal(900, tokens.ExpiresIn);
        var me = await _http.SendAuthorizedAsync(HttpMethod.Get, "/api/v1/me", tokens.AccessToken);
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
    }

    [Fact]
    public async Task Login_WrongPasswordAndUnknownEmail_AnswerTheSame401()
    {
        var email = ApiClient.NewEmail();
        await _http.RegisterAsync(email);

        var wrong = await _http.PostAsJsonAsync("/api/v1/auth/login", new { email, password = "not the password" });
        var unknown = await _http.PostAsJsonAsync("/api/v1/auth/login", new { email = ApiClient.NewEmail(), password = "not the password" });

        var a = await wrong.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
        var b = await unknown.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
        Assert.Equal(a.GetProperty("detail").GetString(), b.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Login_RepeatedFailures_LocksAccountWith429AndRetryAfter()
    {
        var email = ApiClient.NewEmail();
        await _http.RegisterAsync(email);
        for (var i = 0; i < 5; i++)
        {
            var failed = await _http.PostAsJsonAsync("/api/v1/auth/login", new { email, password = "wrong password " + i });
            await failed.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
        }

        // Even the right password waits now: the account is throttled across every gateway.
        var locked = await _http.PostAsJsonAsync("/api/v1/auth/login", new { email, password = ApiClient.Password });
        await locked.AssertProblemAsync(HttpStatusCode.TooManyRequests, "too_many_attempts");
        Assert.True(locked.Headers.RetryAfter?.Delta > TimeSpan.Zero);
    }

    [Fact]
    public async Task Login_MissingOrMistypedFields_Answers400()
    {
        var missing = await _http.PostAsync("/api/v1/auth/login", ApiClient.RawJson("{\"email\":\"a@example.com\"}"));
        await missing.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");

        var mistyped = await _http.PostAsync("/api/v1/auth/login", ApiClient.RawJson("{\"email\":[1],\"password\":{}}"));
        await mistyped.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_json");

        var notJson = await _http.PostAsync("/api/v1/auth/login", ApiClient.RawJson("email=a"));
        await notJson.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_json");
    }

    [Fact]
    public async Task Me_WithoutToken_Answers401Unauthorized()
    {
        var response = await _http.GetAsync("/api/v1/me");
        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task Me_ForgedTokens_Answer401InvalidToken()
    {
        var (_, tokens) = await _http.RegisterAndLoginAsync();
        var parts = tokens.AccessToken.Split('.');

        // Payload changed to another subject, signature kept.
        var payload = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(Jwt.Decode(parts[1]))!;
        payload["sub"] = JsonSerializer.SerializeToElement(Guid.NewGuid().ToString());
        payload["role"] = JsonSerializer.SerializeToElement("admin");
        var tampered = $"{parts[0]}.{Jwt.Encode(JsonSerializer.Serialize(payload))}.{parts[2]}";

        // alg:none with no signature.
        var none = $"{Jwt.Encode("{\"alg\":\"none\",\"typ\":\"JWT\"}")}.{parts[1]}.";

        // HS256 signed with the public key bytes: the classic algorithm-confusion forgery.
        var hs256 = Jwt.SignHs256("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", Jwt.Decode(parts[1]), "secret");

        // Signed by a different ES256 key.
        var otherKey = Jwt.SignEs256(Jwt.Decode(parts[0]), Jwt.Decode(parts[1]));

        foreach (var forged in new[] { tampered, none, hs256, otherKey, "garbage", tokens.AccessToken + "x" })
        {
            var response = await _http.SendAuthorizedAsync(HttpMethod.Get, "/api/v1/me", forged);
            await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_token");
        }
    }

    [Fact]
    public async Task Me_ExpiredToken_Answers401TokenExpired()
    {
        var (_, tokens) = await _http.RegisterAndLoginAsync();
        var key = File.ReadAllText(Path.Combine(cluster.HomeDirectory, "keys", "jwt-es256.pem"));
        var parts = tokens.AccessToken.Split('.');
        var payload = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(Jwt.Decode(parts[1]))!;
        var past = DateTimeOffset.UtcNow.AddHours(-2).ToUnixTimeSeconds();
        payload["iat"] = JsonSerializer.SerializeToElement(past);
        payload["nbf"] = JsonSerializer.SerializeToElement(past);
        payload["exp"] = JsonSerializer.SerializeToElement(past + 60);
        var expired = Jwt.SignEs256(Jwt.Decode(parts[0]), JsonSerializer.Serialize(payload), key);

        var response = await _http.SendAuthorizedAsync(HttpMethod.Get, "/api/v1/me", expired);
        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "token_expired");
    }
}
