using System.Net;
using PowerAutomation.Tests.Infrastructure;

namespace PowerAutomation.Tests.Accounts.Mail;

[Collection(ClusterCollection.Name)]
public sealed class ChangePasswordTests(ClusterFixture cluster)
{
    private const string Changed = "a changed passphrase";

    private readonly HttpClient _http = cluster.CreateClient();

    [Fact]
    public async Task Change_WithTheCurrentPassword_EndsOtherSessions_AndTheNewOneSignsIn()
    {
        var email = ApiClient.NewEmail("changer");
        var (_, current) = await _http.RegisterAndLoginAsync(email);
        var other = await _http.LoginAsync(email);

        var answer = await _http.SendAuthorizedAsync(HttpMethod.Post, "/api/v1/me/password", current.AccessToken,
            new { currentPassword = ApiClient.Password, newPassword = Changed });

        Assert.Equal(HttpStatusCode.NoContent, answer.StatusCode);
        await (await _http.RefreshAsync(other.RefreshToken)).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_token");
        await (await _http.TryLoginAsync(email, ApiClient.Password)).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
        await _http.LoginAsync(email, Changed);
    }

    [Fact]
    public async Task Change_WrongCurrentPassword_Answers403_ThenIsThrottled_AndChangesNothing()
    {
        var email = ApiClient.NewEmail("guesser");
        var (_, tokens) = await _http.RegisterAndLoginAsync(email);
        var body = new { currentPassword = "not the password", newPassword = Changed };

        // The account allows 5 failures (Accounts:AccountFailuresAllowed); guesses past them are refused unchecked.
        for (var i = 0; i < 5; i++)
        {
            await (await _http.SendAuthorizedAsync(HttpMethod.Post, "/api/v1/me/password", tokens.AccessToken, body))
                .AssertProblemAsync(HttpStatusCode.Forbidden, "invalid_credentials");
        }

        await (await _http.SendAuthorizedAsync(HttpMethod.Post, "/api/v1/me/password", tokens.AccessToken,
                new { currentPassword = ApiClient.Password, newPassword = Changed }))
            .AssertProblemAsync(HttpStatusCode.TooManyRequests, "too_many_attempts");
        await (await _http.SendAuthorizedAsync(HttpMethod.Post, "/api/v1/me/password", tokens.AccessToken,
                new { currentPassword = ApiClient.Password, newPassword = "short" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "weak_password");
        await (await _http.SendAuthorizedAsync(HttpMethod.Post, "/api/v1/me/password", tokens.AccessToken, new { newPassword = Changed }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal(HttpStatusCode.OK, (await _http.RefreshAsync(tokens.RefreshToken)).StatusCode);
    }
}
