using System.Net.Http.Json;
using Npgsql;
using PowerAutomation.Tests.Infrastructure;

namespace PowerAutomation.Tests.Audit;

[Collection(ClusterCollection.Name)]
public sealed class AuditLogTests(ClusterFixture cluster)
{
    [Fact]
    public async Task SecurityEvents_LandInAuditLogsPartitionedByMonth()
    {
        var http = cluster.CreateClient();
        var email = ApiClient.NewEmail("audited");
        var userId = await http.RegisterAsync(email);
        await http.PostAsJsonAsync("/api/v1/auth/login", new { email, password = "wrong password!" });
        var tokens = await http.LoginAsync(email);
        await http.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = tokens.RefreshToken });
        await http.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = tokens.RefreshToken });

        // The reuse revoked that sign-in, access token and all: the rest goes through a new one.
        var again = await http.LoginAsync(email);
        await http.SendAuthorizedAsync(HttpMethod.Post, "/api/v1/me/api-keys", again.AccessToken, new { name = "audit" });
        await http.SendAuthorizedAsync(HttpMethod.Post, "/api/v1/me/mfa/totp", again.AccessToken);

        string[] expected = ["api_key.created", "login.failed", "login.succeeded", "mfa.enrolment_started", "token.reused", "user.registered"];
        await using var connection = new NpgsqlConnection(cluster.PostgresConnectionString);
        await connection.OpenAsync();
        string[] kinds = [];
        await Processes.WaitUntilAsync(async () =>
        {
            await using var query = new NpgsqlCommand(
                "SELECT array_agg(DISTINCT kind ORDER BY kind) FROM audit_logs WHERE subject = @email OR user_id = @id", connection);
            query.Parameters.AddWithValue("email", email);
            query.Parameters.AddWithValue("id", userId);
            kinds = await query.ExecuteScalarAsync() as string[] ?? [];
            return expected.All(kinds.Contains);
        }, TimeSpan.FromSeconds(15), "audit events to be written");

        // The rows sit in this month's partition, not in the default one.
        await using var partition = new NpgsqlCommand(
            "SELECT DISTINCT tableoid::regclass::text FROM audit_logs WHERE user_id = @id", connection);
        partition.Parameters.AddWithValue("id", userId);
        Assert.Equal($"audit_logs_{DateTime.UtcNow:yyyyMM}", await partition.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Partitions_ExistForComingMonths()
    {
        await using var connection = new NpgsqlConnection(cluster.PostgresConnectionString);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand(
            "SELECT count(*) FROM pg_inherits WHERE inhparent = 'audit_logs'::regclass AND inhrelid::regclass::text <> 'audit_logs_default'", connection);
        Assert.True((long)(await query.ExecuteScalarAsync())! >= 4);
    }
}
