using System.Net;
using PowerAutomation.Tests.Infrastructure;

namespace PowerAutomation.Tests.Hardening;

/// <summary>A number sent as a string is a 400 <c>invalid_json</c> (API.md hardening rules; issue 11, item 12).</summary>
[Collection(ClusterCollection.Name)]
public sealed class StrictNumbersTests(ClusterFixture cluster)
{
    private readonly HttpClient _http = cluster.CreateClient();

    [Fact]
    public async Task AdminLicence_MaxDevicesAsString_Answers400()
    {
        var admin = await cluster.AdminTokenAsync();
        var request = ApiClient.Authorized(HttpMethod.Post, "/api/v1/admin/licenses", admin);
        request.Content = ApiClient.RawJson($$"""
            {"email":"{{ApiClient.NewEmail()}}","edition":"team","expiresAt":"{{DateTimeOffset.UtcNow.AddDays(3):O}}","maxDevices":"2"}
            """);

        var problem = await (await _http.SendAsync(request)).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_json");
        Assert.Contains("maxDevices", problem.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task DocumentOperation_RevisionAsString_Answers400()
    {
        var (_, tokens) = await _http.RegisterAndLoginAsync();
        var project = await _http.SendAsync(ApiClient.Authorized(HttpMethod.Post, "/api/v1/projects", tokens.AccessToken, new { name = "p" }));
        var projectId = System.Text.Json.JsonDocument.Parse(await project.Content.ReadAsStringAsync()).RootElement.GetProperty("projectId").GetString();
        var created = await _http.SendAsync(ApiClient.Authorized(HttpMethod.Post, $"/api/v1/projects/{projectId}/documents", tokens.AccessToken,
            new { path = "a.txt", content = "abc" }));
        var documentId = System.Text.Json.JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("documentId").GetString();
        var request = ApiClient.Authorized(HttpMethod.Post, $"/api/v1/documents/{documentId}/operations", tokens.AccessToken);
        request.Content = ApiClient.RawJson("""{"revision":"0","operation":[3,"x"]}""");

        await (await _http.SendAsync(request)).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_json");

        var document = await _http.SendAsync(ApiClient.Authorized(HttpMethod.Get, $"/api/v1/documents/{documentId}", tokens.AccessToken));
        Assert.Contains("\"revision\":0", await document.Content.ReadAsStringAsync());
    }
}
