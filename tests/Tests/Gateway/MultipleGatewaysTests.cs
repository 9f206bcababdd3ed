using System.Net;
using System.Net.Http.Json;
using PowerAutomation.Tests.Infrastructure;

namespace PowerAutomation.Tests.Gateway;

[Collection(ClusterCollection.Name)]
public sealed class MultipleGatewaysTests(ClusterFixture cluster)
{
    [Fact]
    public async Task SecondGateway_AcceptsTokensIssuedByTheFirst()
    {
        var first = cluster.CreateClient();
        var (userId, tokens) = await first.RegisterAndLoginAsync();
        var gateway = await cluster.StartGatewayAsync();
        var second = new HttpClient { BaseAddress = new Uri(gateway.Urls.First()) };

        var me = await second.SendAuthorizedAsync(HttpMethod.Get, "/api/v1/me", tokens.AccessToken);
        Assert.True(me.StatusCode == HttpStatusCode.OK, await me.Content.ReadAsStringAsync());
        var refreshed = await second.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = tokens.RefreshToken });
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        Assert.NotEqual(Guid.Empty, userId);
    }
}
