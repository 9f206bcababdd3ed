using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OtpNet;
using PowerAutomation.Tests.Infrastructure;

namespace PowerAutomation.Tests.Identity;

[Collection(ClusterCollection.Name)]
public sealed class MfaTests(ClusterFixture cluster)
{
    private readonly HttpClient _http = cluster.CreateClient();

    [Fact]
    public async Task Totp_EnrolConfirmAndLogin_RequiresAndAcceptsCode()
    {
        var email = ApiClient.NewEmail();
        await _http.RegisterAsync(email);
        var tokens = await _http.LoginAsync(email);

        var enrolment = await (await _http.SendAuthorizedAsync(HttpMethod.Post, "/api/v1/me/mfa/totp", tokens.AccessToken))
            .Content.ReadFromJsonAsync<JsonElement>();
        var secret = enrolment.GetProperty("secret").GetString()!;
        Assert.StartsWith("otpauth://totp/", enrolment.GetProperty("otpauthUri").GetString());

        // Pending enrolment does not change sign-in yet.
        await _http.LoginAsync(email);

        var totp = new Totp(Base32Encoding.ToBytes(secret));
        var confirm = await _http.SendAuthorizedAsync(HttpMethod.Post, "/api/v1/me/mfa/totp/confirm", tokens.AccessToken,
            new { code = totp.ComputeTotp(DateTime.UtcNow.AddSeconds(-30)) });
        Assert.Equal(HttpStatusCode.NoContent, confirm.StatusCode);

        var withoutCode = await _http.PostAsJsonAsync("/api/v1/auth/login", new { email, password = ApiClient.Password });
        await withoutCode.AssertProblemAsync(HttpStatusCode.Unauthorized, "mfa_required");

        var wrongCode = await _http.PostAsJsonAsync("/api/v1/auth/login", new { email, password = ApiClient.Password, totpCode = "000000" == totp.ComputeTotp() ? "111111" : "000000" });
        await wrongCode.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_mfa_code");

        var code = totp.ComputeTotp();
        await _http.LoginAsync(email, totpCode: code);

        // A code works once.
        var replay = await _http.PostAsJsonAsync("/api/v1/auth/login", new { email, password = ApiClient.Password, totpCode = code });
        await replay.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_mfa_code");
    }

    [Theory]
    [InlineData("123456")]
    [InlineData("abc")]
    [InlineData("")]
    public async Task TotpConfirm_WrongCode_Answers400AndKeepsMfaOff(string code)
    {
        var email = ApiClient.NewEmail();
        await _http.RegisterAsync(email);
        var tokens = await _http.LoginAsync(email);
        await _http.SendAuthorizedAsync(HttpMethod.Post, "/api/v1/me/mfa/totp", tokens.AccessToken);

        var confirm = await _http.SendAuthorizedAsync(HttpMethod.Post, "/api/v1/me/mfa/totp/confirm", tokens.AccessToken, new { code });
        Assert.Equal(HttpStatusCode.BadRequest, confirm.StatusCode);

        await _http.LoginAsync(email);
    }

    [Fact]
    public async Task TotpConfirm_WithoutEnrolment_Answers400InvalidMfaCode()
    {
        var (_, tokens) = await _http.RegisterAndLoginAsync();
        var confirm = await _http.SendAuthorizedAsync(HttpMethod.Post, "/api/v1/me/mfa/totp/confirm", tokens.AccessToken, new { code = "123456" });
        await confirm.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_mfa_code");
    }
}
