using System.Net;
using Npgsql;
using PowerAutomation.Tests.Infrastructure;

namespace PowerAutomation.Tests.Accounts.Mail;

/// <summary>Expiry on a moved clock, and delivery that survives an SMTP server being away.</summary>
[Collection(MailClusterCollection.Name)]
public sealed class MailDeliveryTests(MailClusterFixture cluster)
{
    private readonly HttpClient _http = cluster.CreateClient();

    [Fact]
    public async Task Reset_ExpiredLink_Answers400_AndAFreshOneWorks()
    {
        var email = ApiClient.NewEmail("late");
        await _http.RegisterAsync(email);
        var token = await _http.ResetTokenAsync(cluster.Mail, email);

        cluster.Clock.Advance(TimeSpan.FromMinutes(30) + TimeSpan.FromSeconds(1));

        await (await _http.ConfirmResetAsync(token)).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_token");
        await _http.LoginAsync(email);
        var fresh = await _http.ResetTokenAsync(cluster.Mail, email, nth: 1);
        cluster.Clock.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal(HttpStatusCode.NoContent, (await _http.ConfirmResetAsync(fresh)).StatusCode);
    }

    [Fact]
    public async Task Verify_LinkOlderThan24Hours_Answers400()
    {
        var email = ApiClient.NewEmail("slow");
        var (_, tokens) = await _http.RegisterAndLoginAsync(email);
        var token = MailServer.TokenIn(await cluster.Mail.VerificationMailAsync(email));

        cluster.Clock.Advance(TimeSpan.FromHours(24));

        await (await _http.ConfirmVerificationAsync(token)).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_token");
        Assert.False((await _http.MeAsync(tokens.AccessToken)).GetProperty("emailVerified").GetBoolean());
    }

    [Fact]
    public async Task Delivery_SmtpDown_IsRetriedWithBackoff_AndDeliveredWhenItComesBack()
    {
        var email = ApiClient.NewEmail("patient");
        await cluster.StopMailAsync();
        try
        {
            await _http.RegisterAsync(email);

            // The outbox row is the signal: attempts climb, each failure recorded. Backoff is 0.3 s, 0.6 s, 1.2 s, so the
            // fourth attempt comes at least 2.1 s after the mail was queued (without backoff: within the 0.2 s polls).
            (int Attempts, string? Error, double Age) row = default;
            await Processes.WaitUntilAsync(async () => (row = await OutboxRowAsync(email)).Attempts >= 4 && row.Error is not null,
                TimeSpan.FromSeconds(30), "four failed delivery attempts of the verification mail");
            Assert.True(row.Age >= 2.0, $"The fourth attempt came {row.Age:0.00} s after queueing: no backoff.");
            Assert.Empty(cluster.Mail.MessagesTo(email));
        }
        finally
        {
            await cluster.RestartMailAsync();
        }

        var mail = await cluster.Mail.VerificationMailAsync(email);
        Assert.Equal(HttpStatusCode.NoContent, (await _http.ConfirmVerificationAsync(MailServer.TokenIn(mail))).StatusCode);
        await Processes.WaitUntilAsync(async () => (await OutboxRowAsync(email)).Attempts == 0, TimeSpan.FromSeconds(10),
            "the delivered mail to leave the outbox");
    }

    private async Task<(int Attempts, string? Error, double Age)> OutboxRowAsync(string email)
    {
        await using var connection = new NpgsqlConnection(cluster.PostgresConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT attempts, last_error, extract(epoch FROM now() - created_at)::float8 FROM mail_outbox WHERE recipient = @to
            """, connection);
        command.Parameters.AddWithValue("to", email);
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync()
            ? (reader.GetInt32(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetDouble(2))
            : (0, null, 0);
    }
}
