using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PowerAutomation.Tests.Infrastructure;

namespace PowerAutomation.Tests.Accounts.Access;

/// <summary>A cluster of its own: the last-admin rule counts every administrator in the database.</summary>
public sealed class SoleAdminFixture : ClusterFixture;

/// <summary>The system never loses its last enabled administrator, however the changes race.</summary>
public sealed class LastAdminTests(SoleAdminFixture cluster) : IClassFixture<SoleAdminFixture>
{
    private readonly HttpClient _http = cluster.CreateClient();

    [Fact]
    public async Task LastAdmin_CannotBeDisabledOrDemoted_AndTwoAdminsDisablingEachOtherAtOnce_LeaveOne()
    {
        var firstEmail = ApiClient.NewEmail("first-admin");
        await PowerAutomation.Client.Admin.BootstrapAdmin.RunAsync(cluster.Cluster, firstEmail, ApiClient.Password);
        var first = (await _http.LoginAsync(firstEmail)).AccessToken;
        var firstId = await UserIdAsync(first);

        await (await _http.SendAuthorizedAsync(HttpMethod.Post, $"/api/v1/admin/users/{firstId}/disable", first))
            .AssertProblemAsync(HttpStatusCode.Conflict, "last_admin");
        await (await _http.SendAuthorizedAsync(HttpMethod.Delete, $"/api/v1/admin/users/{firstId}/roles/admin", first))
            .AssertProblemAsync(HttpStatusCode.Conflict, "last_admin");
        Assert.Equal(HttpStatusCode.OK, (await _http.SendAuthorizedAsync(HttpMethod.Get, "/api/v1/admin/users", first)).StatusCode);

        var secondEmail = ApiClient.NewEmail("second-admin");
        var secondId = await _http.RegisterAsync(secondEmail);
        Assert.Equal(HttpStatusCode.NoContent, (await _http.SendAuthorizedAsync(HttpMethod.Put, $"/api/v1/admin/users/{secondId}/roles/admin", first)).StatusCode);
        var second = (await _http.LoginAsync(secondEmail)).AccessToken;

        var answers = await Task.WhenAll(
            _http.SendAuthorizedAsync(HttpMethod.Post, $"/api/v1/admin/users/{secondId}/disable", first),
            _http.SendAuthorizedAsync(HttpMethod.Post, $"/api/v1/admin/users/{firstId}/disable", second));

        // The loser is refused as the last admin, or (if its own disabling was seen first) as disabled.
        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.NoContent);
        Assert.Single(answers, a => a.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.Unauthorized);
        var users = await _http.FirstAsync(answers[0].IsSuccessStatusCode ? first : second, "/api/v1/admin/users?limit=200");
        var enabledAdmins = users.Where(u => !u.GetProperty("disabled").GetBoolean()
            && u.GetProperty("roles").EnumerateArray().Any(r => r.GetString() == "admin")).ToList();
        Assert.Single(enabledAdmins);
    }

    private async Task<Guid> UserIdAsync(string token) =>
        (await (await _http.SendAuthorizedAsync(HttpMethod.Get, "/api/v1/me", token)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("userId").GetGuid();
}
