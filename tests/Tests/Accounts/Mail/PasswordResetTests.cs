using System.Net;
using System.Net.Http.Json;
using PowerAutomation.Tests.Infrastructure;

namespace PowerAutomation.Tests.Accounts.Mail;

/// <summary>Forgot password, end to end through the real SMTP server the cluster sends to.</summary>
[Collection(ClusterCollection.Name)]
public sealed class PasswordResetTests(ClusterFixture cluster)
{
    private readonly HttpClient _http = cluster.CreateClient();

    [Fact]
    public async Task Reset_MailedLink_SetsPassword_EndsEverySession_AndVerifiesTheAddress()
    {
        var email = ApiClient.NewEmail("forgetful");
        await _http.RegisterAsync(email);
        var laptop = await _http.LoginAsync(email);
        var phone = await _http.LoginAsync(email);

        Assert.Equal(HttpStatusCode.Accepted, (await _http.RequestResetAsync(email)).StatusCode);
        var mail = await cluster.Mail.WaitForMailAsync(email, "password_reset");

        Assert.Contains("http://localhost:8080/reset-password?token=", mail.TextBody);
        Assert.Contains("href=\"http://localhost:8080/reset-password?token=", mail.HtmlBody);
        Assert.Equal("multipart/alternative", mail.Body?.ContentType.MimeType);
        var token = MailServer.TokenIn(mail);
        Assert.Equal(HttpStatusCode.NoContent, (await _http.ConfirmResetAsync(token)).StatusCode);

        foreach (var session in new[] { laptop, phone })
        {
            await (await _http.RefreshAsync(session.RefreshToken)).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_token");
        }

        await (await _http.TryLoginAsync(email, ApiClient.Password)).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
        var fresh = await _http.LoginAsync(email, MailJourney.NewPassword);
        Assert.True((await _http.MeAsync(fresh.AccessToken)).GetProperty("emailVerified").GetBoolean());
    }

    [Fact]
    public async Task Reset_UnknownAddress_Answers202AndSendsNothing()
    {
        var unknown = ApiClient.NewEmail("nobody");
        var known = ApiClient.NewEmail("somebody");
        await _http.RegisterAsync(known);

        var forUnknown = await _http.RequestResetAsync(unknown);
        var forKnown = await _http.RequestResetAsync(known);

        Assert.Equal((HttpStatusCode.Accepted, HttpStatusCode.Accepted), (forUnknown.StatusCode, forKnown.StatusCode));
        Assert.Equal(await forKnown.Content.ReadAsStringAsync(), await forUnknown.Content.ReadAsStringAsync());

        // The known address's mail was queued after anything for the unknown one would have been: once it is here, all is.
        await cluster.Mail.WaitForMailAsync(known, "password_reset");
        Assert.Empty(cluster.Mail.MessagesTo(unknown));
    }

    [Fact]
    public async Task Reset_OverThePerAddressBound_Still202_ButSendsNoMore()
    {
        var email = ApiClient.NewEmail("popular");
        var sentinel = ApiClient.NewEmail("sentinel");
        await _http.RegisterAsync(email);
        await _http.RegisterAsync(sentinel);

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.Accepted, (await _http.RequestResetAsync(email)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Accepted, (await _http.RequestResetAsync(sentinel)).StatusCode);
        await cluster.Mail.WaitForMailAsync(sentinel, "password_reset");
        Assert.Equal(3, cluster.Mail.MessagesTo(email).Count(m => MailServer.KindOf(m) == "password_reset"));
    }

    [Fact]
    public async Task Reset_OverThePerClientBound_Answers429()
    {
        var gateway = await cluster.StartGatewayAsync("--Accounts:MailThrottle:ResetsPerClientAddress=2", "--Gateway:KnownProxies:0=127.0.0.1");
        using var http = new HttpClient { BaseAddress = new Uri(gateway.Urls.First()) };
        var client = $"10.{Random.Shared.Next(256)}.{Random.Shared.Next(256)}.{Random.Shared.Next(1, 255)}";

        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 3; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/password-reset")
            {
                Content = JsonContent.Create(new { email = ApiClient.NewEmail("any") }),
            };
            request.Headers.Add("X-Forwarded-For", client);
            answers.Add(await http.SendAsync(request));
        }

        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.Accepted], answers.Take(2).Select(a => a.StatusCode));
        await answers[2].AssertProblemAsync(HttpStatusCode.TooManyRequests, "too_many_attempts");
        Assert.True(answers[2].Headers.RetryAfter?.Delta > TimeSpan.Zero);
    }

    [Fact]
    public async Task Reset_TokenUsedTwice_SecondAnswers400()
    {
        var email = ApiClient.NewEmail("twice");
        await _http.RegisterAsync(email);
        var token = await _http.ResetTokenAsync(cluster.Mail, email);

        Assert.Equal(HttpStatusCode.NoContent, (await _http.ConfirmResetAsync(token)).StatusCode);
        await (await _http.ConfirmResetAsync(token, "yet another passphrase")).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_token");
        await _http.LoginAsync(email, MailJourney.NewPassword);
    }

    [Fact]
    public async Task Reset_NewerRequest_SupersedesTheOlderLink()
    {
        var email = ApiClient.NewEmail("again");
        await _http.RegisterAsync(email);
        var older = await _http.ResetTokenAsync(cluster.Mail, email);
        var newer = await _http.ResetTokenAsync(cluster.Mail, email, nth: 1);

        await (await _http.ConfirmResetAsync(older)).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_token");
        Assert.Equal(HttpStatusCode.NoContent, (await _http.ConfirmResetAsync(newer)).StatusCode);
    }

    [Fact]
    public async Task Reset_ForgedMalformedOrWeak_Answers400_AndChangesNothing()
    {
        var email = ApiClient.NewEmail("target");
        var userId = await _http.RegisterAsync(email);
        var otherEmail = ApiClient.NewEmail("other");
        await _http.RegisterAsync(otherEmail);
        var token = await _http.ResetTokenAsync(cluster.Mail, email);
        var secret = token[(token.IndexOf('.') + 1)..];
        var otherToken = await _http.ResetTokenAsync(cluster.Mail, otherEmail);

        var forged = new[]
        {
            "garbage", $"{userId:N}.{new string('A', 43)}", $"{Guid.NewGuid():N}.{secret}", $"{userId:N}.{secret}x",
            otherToken[..32] + "." + secret, token + "." + secret, new string('7', 3000), $"{userId:N}.{secret[..20]}<script>",
        };
        foreach (var candidate in forged)
        {
            await (await _http.ConfirmResetAsync(candidate)).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_token");
        }

        await (await _http.ConfirmResetAsync(token, "short")).AssertProblemAsync(HttpStatusCode.BadRequest, "weak_password");
        await (await _http.PostAsJsonAsync("/api/v1/auth/password-reset/confirm", new { newPassword = MailJourney.NewPassword }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await (await _http.PostAsync("/api/v1/auth/password-reset/confirm", ApiClient.RawJson("{\"token\":5}")))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_json");
        await (await _http.PostAsJsonAsync("/api/v1/auth/password-reset", new { email = "not an address" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_email");

        // Nothing changed: the old password still works and the real link still does its job.
        await _http.LoginAsync(email);
        Assert.Equal(HttpStatusCode.NoContent, (await _http.ConfirmResetAsync(token)).StatusCode);
    }

    [Fact]
    public async Task Reset_ConcurrentConfirmsWithOneToken_ExactlyOneSucceeds()
    {
        var email = ApiClient.NewEmail("racer");
        await _http.RegisterAsync(email);
        var token = await _http.ResetTokenAsync(cluster.Mail, email);

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => _http.ConfirmResetAsync(token, $"racing passphrase {i}")));

        Assert.Equal(1, answers.Count(a => a.StatusCode == HttpStatusCode.NoContent));
        Assert.Equal(7, answers.Count(a => a.StatusCode == HttpStatusCode.BadRequest));
        var winner = Array.FindIndex(answers, a => a.StatusCode == HttpStatusCode.NoContent);
        await _http.LoginAsync(email, $"racing passphrase {winner}");
    }
}
