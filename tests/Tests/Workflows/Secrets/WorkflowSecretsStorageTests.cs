using System.Net;
using System.Text;
using System.Text.Json;
using Npgsql;
using PowerAutomation.Grains.Abstractions.Workflows.Secrets;
using PowerAutomation.Tests.Infrastructure;

namespace PowerAutomation.Tests.Workflows.Secrets;

/// <summary>How secrets are kept: sealed in grain storage, bounded, and refused input changes nothing.</summary>
[Collection(WorkflowsCollection.Name)]
public sealed class WorkflowSecretsStorageTests(WorkflowsFixture fixture)
{
    [Fact]
    public async Task StoredSecret_IsSealed_NoRowHoldsThePlaintext()
    {
        var client = await WorkflowClient.SignUpAsync(fixture.CreateClient());
        var value = WorkflowSecretsTests.NewValue();
        await SecretsClient.PutAsync(client, "db_password", value);

        var plaintext = Encoding.UTF8.GetBytes(value);
        var sealedRows = 0;
        await using var connection = new NpgsqlConnection(fixture.PostgresConnectionString);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand("SELECT grain_type, payload_binary FROM orleans_grain_state WHERE payload_binary IS NOT NULL", connection);
        await using var rows = await query.ExecuteReaderAsync();
        while (await rows.ReadAsync())
        {
            var payload = (byte[])rows["payload_binary"];
            Assert.False(payload.AsSpan().IndexOf(plaintext) >= 0, $"a {rows["grain_type"]} row holds the secret in plaintext");
            if (((string)rows["grain_type"]).Contains("secret", StringComparison.OrdinalIgnoreCase) && payload.AsSpan().IndexOf("v1."u8) >= 0)
            {
                sealedRows++;
            }
        }

        Assert.True(sealedRows > 0, "no sealed secrets row was found in orleans_grain_state");
    }

    [Fact]
    public async Task BadInput_Is400Problem_AndChangesNothing()
    {
        var client = await WorkflowClient.SignUpAsync(fixture.CreateClient());
        await SecretsClient.PutAsync(client, "kept", "first");
        var before = await SecretsClient.ListTextAsync(client);

        var cases = new (string Path, object Body, string Code)[]
        {
            ("/api/v1/secrets/" + new string('a', 101), new { value = "x" }, SecretErrors.InvalidName),
            ("/api/v1/secrets/has.dot", new { value = "x" }, SecretErrors.InvalidName),
            ("/api/v1/secrets/kept", new { value = new string('x', SecretRules.MaxValueBytes + 1) }, SecretErrors.ValueTooLarge),
            ("/api/v1/secrets/kept", new { value = new string('é', (SecretRules.MaxValueBytes / 2) + 1) }, SecretErrors.ValueTooLarge),
            ("/api/v1/secrets/kept", new { value = "" }, SecretErrors.InvalidValue),
            ("/api/v1/secrets/kept", new { }, SecretErrors.InvalidValue),
            ("/api/v1/secrets/kept", new { value = "a\0b" }, "invalid_json"), // Refused as JSON text before it reaches the endpoint.
        };
        foreach (var (path, body, code) in cases)
        {
            var problem = await (await client.SendAsync(HttpMethod.Put, path, body)).AssertProblemAsync(HttpStatusCode.BadRequest, code);
            Assert.DoesNotContain("xxxxxxxx", problem.GetRawText());
        }

        await (await client.SendAsync(HttpMethod.Delete, "/api/v1/secrets/has.dot")).AssertProblemAsync(HttpStatusCode.BadRequest, SecretErrors.InvalidName);
        Assert.Equal(before, await SecretsClient.ListTextAsync(client));
    }

    [Fact]
    public async Task PastTheLimit_ANewSecretIsRefused_ButAnExistingOneMayBeReplaced()
    {
        var userId = Guid.NewGuid();
        var grain = fixture.Cluster.GetGrain<IWorkflowSecretsGrain>(userId);
        for (var i = 0; i < SecretRules.MaxSecretsPerUser; i++)
        {
            Assert.Null(await grain.Put($"s{i}", "v"));
        }

        Assert.Equal(SecretErrors.TooMany, await grain.Put("one_more", "v"));
        Assert.Null(await grain.Put("s0", "replaced"));
        var listed = await grain.List();
        Assert.Equal(SecretRules.MaxSecretsPerUser, listed.Count);
        Assert.DoesNotContain(listed, s => s.Name == "one_more");
        Assert.Equal("replaced", (await grain.Reveal(["s0"])).Values["s0"]);
    }

    [Fact]
    public async Task List_AnswersNamesInOrder_NeverValues()
    {
        var client = await WorkflowClient.SignUpAsync(fixture.CreateClient());
        var value = WorkflowSecretsTests.NewValue();
        await SecretsClient.PutAsync(client, "zeta", value);
        await SecretsClient.PutAsync(client, "Alpha-1", value);

        var text = await SecretsClient.ListTextAsync(client);
        Assert.DoesNotContain(value, text);
        var names = JsonDocument.Parse(text).RootElement.EnumerateArray().Select(s => s.GetProperty("name").GetString()).ToList();
        Assert.Equal(["Alpha-1", "zeta"], names);
    }
}
