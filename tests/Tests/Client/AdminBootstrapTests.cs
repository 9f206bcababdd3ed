using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PowerAutomation.Client.Admin;
using PowerAutomation.Client.Cluster;
using PowerAutomation.Tests.Infrastructure;

namespace PowerAutomation.Tests.Client;

[Collection(ClusterCollection.Name)]
public sealed class AdminBootstrapTests(ClusterFixture cluster)
{
    [Fact]
    public async Task Bootstrap_ThroughEmbeddedClient_CreatesAdminThenPromotesIdempotently()
    {
        using var host = await EmbeddedClusterClient.StartAsync(
        [
            $"--Cluster:PostgresConnectionString={cluster.PostgresConnectionString}",
            $"--Cluster:ClusterId={cluster.ClusterId}",
            $"--Cluster:ServiceId={cluster.ClusterId}",
        ], CancellationToken.None);
        var email = ApiClient.NewEmail("admin");

        var created = await BootstrapAdmin.RunAsync(host.Client(), email, ApiClient.Password);
        var again = await BootstrapAdmin.RunAsync(host.Client(), email, "a different password");
        await host.StopAsync();

        Assert.True(created.Created);
        Assert.False(again.Created);
        Assert.Equal(created.UserId, again.UserId);
        var http = cluster.CreateClient();
        var tokens = await http.LoginAsync(email);
        var me = await (await http.SendAuthorizedAsync(HttpMethod.Get, "/api/v1/me", tokens.AccessToken)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["admin", "member"], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()!).ToArray());
    }

    [Fact]
    public async Task Bootstrap_ExistingMember_IsPromoted()
    {
        var http = cluster.CreateClient();
        var email = ApiClient.NewEmail("promote");
        var userId = await http.RegisterAsync(email);

        var outcome = await BootstrapAdmin.RunAsync(cluster.Cluster, email, ApiClient.Password);

        Assert.Equal(userId, outcome.UserId);
        var tokens = await http.LoginAsync(email);
        var me = await (await http.SendAuthorizedAsync(HttpMethod.Get, "/api/v1/me", tokens.AccessToken)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("admin", me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }
}
