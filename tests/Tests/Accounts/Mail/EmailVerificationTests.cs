using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PowerAutomation.Tests.Infrastructure;

namespace PowerAutomation.Tests.Accounts.Mail;

/// <summary>Registration mails a verification link; what is addressed to an e-mail waits for its proof.</summary>
[Collection(ClusterCollection.Name)]
public sealed class EmailVerificationTests(ClusterFixture cluster)
{
    private readonly HttpClient _http = cluster.CreateClient();

    [Fact]
    public async Task Register_MailsALink_ThatVerifiesOnce()
    {
        var email = ApiClient.NewEmail("new");
        var (_, tokens) = await _http.RegisterAndLoginAsync(email);
        Assert.False((await _http.MeAsync(tokens.AccessToken)).GetProperty("emailVerified").GetBoolean());

        var mail = await cluster.Mail.VerificationMailAsync(email);
        Assert.Contains("http://localhost:8080/verify-email?token=", mail.TextBody);
        Assert.Contains("<a href=", mail.HtmlBody);
        var token = MailServer.TokenIn(mail);
        Assert.Equal(HttpStatusCode.NoContent, (await _http.ConfirmVerificationAsync(token)).StatusCode);

        var me = await _http.MeAsync(tokens.AccessToken);
        Assert.True(me.GetProperty("emailVerified").GetBoolean());
        Assert.Equal(email, me.GetProperty("email").GetString());
        await (await _http.ConfirmVerificationAsync(token)).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_token");
        await (await _http.SendAuthorizedAsync(HttpMethod.Post, "/api/v1/me/verify-email", tokens.AccessToken))
            .AssertProblemAsync(HttpStatusCode.Conflict, "email_already_verified");
    }

    [Fact]
    public async Task Resend_ReplacesTheLink_AndIsBounded()
    {
        var email = ApiClient.NewEmail("resender");
        var (_, tokens) = await _http.RegisterAndLoginAsync(email);
        var first = MailServer.TokenIn(await cluster.Mail.VerificationMailAsync(email));

        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 6; i++)
        {
            answers.Add(await _http.SendAuthorizedAsync(HttpMethod.Post, "/api/v1/me/verify-email", tokens.AccessToken));
        }

        Assert.All(answers.Take(5), a => Assert.Equal(HttpStatusCode.Accepted, a.StatusCode));
        await answers[5].AssertProblemAsync(HttpStatusCode.TooManyRequests, "too_many_attempts");
        var latest = MailServer.TokenIn(await cluster.Mail.VerificationMailAsync(email, nth: 5));
        await (await _http.ConfirmVerificationAsync(first)).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_token");
        Assert.Equal(HttpStatusCode.NoContent, (await _http.ConfirmVerificationAsync(latest)).StatusCode);
    }

    [Fact]
    public async Task Verify_ForgedOrMalformedTokens_Answer400()
    {
        var email = ApiClient.NewEmail("forged");
        var userId = await _http.RegisterAsync(email);
        var token = MailServer.TokenIn(await cluster.Mail.VerificationMailAsync(email));

        foreach (var candidate in new[] { "x", $"{userId:N}.{new string('B', 43)}", $"{Guid.NewGuid():N}.{token[33..]}", new string('.', 200) })
        {
            await (await _http.ConfirmVerificationAsync(candidate)).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_token");
        }

        await (await _http.PostAsJsonAsync("/api/v1/auth/verify-email/confirm", new { })).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");

        // A password-reset token is not a verification token, nor the other way round.
        var reset = await _http.ResetTokenAsync(cluster.Mail, email);
        await (await _http.ConfirmVerificationAsync(reset)).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_token");
        await (await _http.ConfirmResetAsync(token)).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_token");
        Assert.Equal(HttpStatusCode.NoContent, (await _http.ConfirmVerificationAsync(token)).StatusCode);
    }

    [Fact]
    public async Task Claim_LicenceAndInvitations_ReachTheRegistrantOnlyOnceVerified()
    {
        var admin = await cluster.AdminTokenAsync();
        var email = ApiClient.NewEmail("buyer");
        var (licenseId, _) = await _http.IssueLicenseAsync(admin, email, edition: "team");
        var (owner, ownerTokens) = await _http.RegisterAndLoginAsync();
        var project = await _http.SendAuthorizedAsync(HttpMethod.Post, "/api/v1/projects", ownerTokens.AccessToken, new { name = "for the buyer" });
        var projectId = (await project.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("projectId").GetGuid();
        await _http.SendAuthorizedAsync(HttpMethod.Post, $"/api/v1/projects/{projectId}/members", ownerTokens.AccessToken, new { email, role = "editor" });

        await _http.RegisterAsync(email);
        var tokens = await _http.LoginAsync(email);

        Assert.Equal("community", (await _http.MeAsync(tokens.AccessToken)).GetProperty("edition").GetString());
        Assert.Empty((await (await _http.SendAuthorizedAsync(HttpMethod.Get, "/api/v1/me/licenses", tokens.AccessToken)).Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray());
        await (await _http.SendAuthorizedAsync(HttpMethod.Get, "/api/v1/me/invitations", tokens.AccessToken))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "email_not_verified");
        await (await _http.SendAuthorizedAsync(HttpMethod.Post, $"/api/v1/invitations/{Guid.NewGuid()}/accept", tokens.AccessToken))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "email_not_verified");

        await _http.VerifyEmailAsync(email);

        Assert.Equal("team", (await _http.MeAsync(tokens.AccessToken)).GetProperty("edition").GetString());
        var licences = await (await _http.SendAuthorizedAsync(HttpMethod.Get, "/api/v1/me/licenses", tokens.AccessToken)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(licenseId, Assert.Single(licences.EnumerateArray()).GetProperty("licenseId").GetString());
        var invitationId = await _http.InvitationIdAsync(tokens.AccessToken, projectId);
        Assert.Equal(HttpStatusCode.NoContent,
            (await _http.SendAuthorizedAsync(HttpMethod.Post, $"/api/v1/invitations/{invitationId}/accept", tokens.AccessToken)).StatusCode);
        Assert.NotEqual(Guid.Empty, owner);
    }

    [Fact]
    public async Task Reset_OfAnUnclaimedAccount_ClaimsIt_WithItsLicence()
    {
        var admin = await cluster.AdminTokenAsync();
        var email = ApiClient.NewEmail("buyer");
        await _http.IssueLicenseAsync(admin, email, edition: "professional");

        var token = await _http.ResetTokenAsync(cluster.Mail, email);
        Assert.Equal(HttpStatusCode.NoContent, (await _http.ConfirmResetAsync(token)).StatusCode);

        var me = await _http.MeAsync((await _http.LoginAsync(email, MailJourney.NewPassword)).AccessToken);
        Assert.Equal(("professional", true), (me.GetProperty("edition").GetString(), me.GetProperty("emailVerified").GetBoolean()));
    }

    [Fact]
    public async Task Licence_IssuedToARegisteredAccount_CountsAtOnce()
    {
        var admin = await cluster.AdminTokenAsync();
        var (_, tokens) = await _http.RegisterAndLoginAsync();
        var email = (await _http.MeAsync(tokens.AccessToken)).GetProperty("email").GetString()!;

        await _http.IssueLicenseAsync(admin, email, edition: "professional");

        Assert.Equal("professional", (await _http.MeAsync(tokens.AccessToken)).GetProperty("edition").GetString());
    }
}
