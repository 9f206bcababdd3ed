using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OtpNet;
using PowerAutomation.Tests.Infrastructure;

namespace PowerAutomation.Tests.Identity;

/// <summary>Once MFA is on, an access token alone cannot change it, remove it or mint recovery codes.</summary>
[Collection(ClusterCollection.Name)]
public sealed class MfaChangeTests(ClusterFixture cluster)
{
    private readonly HttpClient _http = cluster.CreateClient();

    [Fact]
    public async Task TotpEnrolment_OnAnMfaAccount_NeedsThePasswordOrACurrentCode()
    {
        var (email, token, totp) = await MfaAccountAsync();

        await (await Send(HttpMethod.Post, "/api/v1/me/mfa/totp", token)).AssertProblemAsync(HttpStatusCode.Forbidden, "reauthentication_required");
        await (await Send(HttpMethod.Post, "/api/v1/me/mfa/totp", token, new { password = "not the password" }))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "invalid_credentials");

        var withPassword = await Send(HttpMethod.Post, "/api/v1/me/mfa/totp", token, new { password = ApiClient.Password });
        Assert.Equal(HttpStatusCode.OK, withPassword.StatusCode);
        var withCode = await Send(HttpMethod.Post, "/api/v1/me/mfa/totp", token, new { code = totp.ComputeTotp() });
        Assert.Equal(HttpStatusCode.OK, withCode.StatusCode);

        // The old secret still signs in until a new one is confirmed.
        await _http.LoginAsync(email, totpCode: totp.ComputeTotp(DateTime.UtcNow.AddSeconds(30)));
    }

    [Fact]
    public async Task RemoveTotp_NeedsProof_ThenSignInNeedsNoCode()
    {
        var (email, token, totp) = await MfaAccountAsync();

        await (await Send(HttpMethod.Delete, "/api/v1/me/mfa/totp", token)).AssertProblemAsync(HttpStatusCode.Forbidden, "reauthentication_required");
        await (await Send(HttpMethod.Delete, "/api/v1/me/mfa/totp", token, new { code = "000000" == totp.ComputeTotp() ? "111111" : "000000" }))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "invalid_credentials");
        Assert.Equal(HttpStatusCode.NoContent, (await Send(HttpMethod.Delete, "/api/v1/me/mfa/totp", token, new { code = totp.ComputeTotp() })).StatusCode);

        await _http.LoginAsync(email);
        await (await Send(HttpMethod.Delete, "/api/v1/me/mfa/totp", token, new { password = ApiClient.Password }))
            .AssertProblemAsync(HttpStatusCode.Conflict, "mfa_not_enabled");
    }

    [Fact]
    public async Task RecoveryCodes_NeedProof_AndEachSignsInOnce()
    {
        var (email, token, _) = await MfaAccountAsync();
        await (await Send(HttpMethod.Post, "/api/v1/me/mfa/recovery-codes", token)).AssertProblemAsync(HttpStatusCode.Forbidden, "reauthentication_required");

        var codes = await RecoveryCodesAsync(token);
        Assert.Equal(10, codes.Distinct().Count());
        Assert.All(codes, code => Assert.Matches("^[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}$", code));

        // In its own field, or in totpCode (and regardless of case and dashes).
        await Login(email, new { recoveryCode = codes[0] }, HttpStatusCode.OK);
        await Login(email, new { totpCode = codes[1].Replace("-", "").ToUpperInvariant() }, HttpStatusCode.OK);
        var reused = await Login(email, new { recoveryCode = codes[0] }, HttpStatusCode.Unauthorized);
        await reused.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_mfa_code");

        // A fresh set replaces the old one.
        var fresh = await RecoveryCodesAsync(token);
        await (await Login(email, new { recoveryCode = codes[2] }, HttpStatusCode.Unauthorized)).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_mfa_code");
        await Login(email, new { recoveryCode = fresh[0] }, HttpStatusCode.OK);
    }

    [Fact]
    public async Task RecoveryCodes_WithoutMfa_Answer409MfaNotEnabled()
    {
        var (_, tokens) = await _http.RegisterAndLoginAsync();
        await (await Send(HttpMethod.Post, "/api/v1/me/mfa/recovery-codes", tokens.AccessToken, new { password = ApiClient.Password }))
            .AssertProblemAsync(HttpStatusCode.Conflict, "mfa_not_enabled");
    }

    [Fact]
    public async Task MfaProof_RepeatedWrongPasswords_AreThrottledLikeSignIns()
    {
        var (_, token, _) = await MfaAccountAsync();
        for (var i = 0; i < 5; i++)
        {
            await (await Send(HttpMethod.Post, "/api/v1/me/mfa/totp", token, new { password = "guess number " + i }))
                .AssertProblemAsync(HttpStatusCode.Forbidden, "invalid_credentials");
        }

        var locked = await Send(HttpMethod.Post, "/api/v1/me/mfa/totp", token, new { password = ApiClient.Password });
        await locked.AssertProblemAsync(HttpStatusCode.TooManyRequests, "too_many_attempts");
        Assert.True(locked.Headers.RetryAfter?.Delta > TimeSpan.Zero);
    }

    /// <summary>An account with MFA confirmed on the previous time step, so the current and next steps are unused.</summary>
    private async Task<(string Email, string Token, Totp Totp)> MfaAccountAsync()
    {
        var email = ApiClient.NewEmail("mfa");
        await _http.RegisterAsync(email);
        var token = (await _http.LoginAsync(email)).AccessToken;
        var enrolment = await (await Send(HttpMethod.Post, "/api/v1/me/mfa/totp", token)).Content.ReadFromJsonAsync<JsonElement>();
        var totp = new Totp(Base32Encoding.ToBytes(enrolment.GetProperty("secret").GetString()!));
        var confirm = await Send(HttpMethod.Post, "/api/v1/me/mfa/totp/confirm", token, new { code = totp.ComputeTotp(DateTime.UtcNow.AddSeconds(-30)) });
        Assert.Equal(HttpStatusCode.NoContent, confirm.StatusCode);
        return (email, token, totp);
    }

    private async Task<List<string>> RecoveryCodesAsync(string token)
    {
        var response = await Send(HttpMethod.Post, "/api/v1/me/mfa/recovery-codes", token, new { password = ApiClient.Password });
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("recoveryCodes").EnumerateArray().Select(c => c.GetString()!).ToList();
    }

    private async Task<HttpResponseMessage> Login(string email, object secondFactor, HttpStatusCode expected)
    {
        var fields = JsonSerializer.SerializeToElement(secondFactor).EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.GetString());
        fields["email"] = email;
        fields["password"] = ApiClient.Password;
        var response = await _http.PostAsJsonAsync("/api/v1/auth/login", fields);
        Assert.True(expected == response.StatusCode, $"Expected {(int)expected}: {await response.Content.ReadAsStringAsync()}");
        return response;
    }

    private Task<HttpResponseMessage> Send(HttpMethod method, string path, string token, object? body = null) =>
        _http.SendAuthorizedAsync(method, path, token, body);
}
