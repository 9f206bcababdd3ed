using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using OtpNet;
using PowerAutomation.Tests.Infrastructure;

namespace PowerAutomation.Tests.Accounts.AtRest;

/// <summary>TOTP seeds are encrypted in the grain store (AES-256-GCM with the data key), and sign-in with them still works.</summary>
[Collection(ClusterCollection.Name)]
public sealed class TotpAtRestTests(ClusterFixture cluster)
{
    private readonly HttpClient _http = cluster.CreateClient();

    [Fact]
    public async Task TotpSecret_IsNotStoredInClear_PendingOrConfirmed_AndStillSignsIn()
    {
        var email = ApiClient.NewEmail("sealed");
        await _http.RegisterAsync(email);
        var tokens = await _http.LoginAsync(email);
        var enrolment = await (await _http.SendAuthorizedAsync(HttpMethod.Post, "/api/v1/me/mfa/totp", tokens.AccessToken))
            .Content.ReadFromJsonAsync<JsonElement>();
        var secret = enrolment.GetProperty("secret").GetString()!;
        Assert.Equal(0L, await RowsHoldingAsync(secret));

        var totp = new Totp(Base32Encoding.ToBytes(secret));
        var confirm = await _http.SendAuthorizedAsync(HttpMethod.Post, "/api/v1/me/mfa/totp/confirm", tokens.AccessToken,
            new { code = totp.ComputeTotp(DateTime.UtcNow.AddSeconds(-30)) });
        Assert.Equal(HttpStatusCode.NoContent, confirm.StatusCode);

        Assert.Equal(0L, await RowsHoldingAsync(secret));
        Assert.Equal(0L, await RowsHoldingAsync(Convert.ToBase64String(Base32Encoding.ToBytes(secret))));
        await _http.LoginAsync(email, totpCode: totp.ComputeTotp());
    }

    private async Task<object?> RowsHoldingAsync(string text)
    {
        await using var connection = new NpgsqlConnection(cluster.PostgresConnectionString);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand("SELECT count(*) FROM orleans_grain_state WHERE position(@text::bytea in payload_binary) > 0", connection);
        query.Parameters.AddWithValue("text", System.Text.Encoding.UTF8.GetBytes(text));
        return await query.ExecuteScalarAsync();
    }
}
