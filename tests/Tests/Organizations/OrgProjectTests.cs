using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PowerAutomation.Tests.Infrastructure;
using PowerAutomation.Tests.Projects;

namespace PowerAutomation.Tests.Organizations;

/// <summary>An organization's projects: visible to its members by their org role, gone with their membership.</summary>
[Collection(ClusterCollection.Name)]
public sealed class OrgProjectTests(ClusterFixture cluster)
{
    private readonly HttpClient _http = cluster.CreateClient();

    [Fact]
    public async Task OrgProject_MembersSeeItByRole_AndLoseItOnRemoval_OnEveryPath()
    {
        var (owner, _, _, orgId) = await _http.OwnerWithOrgAsync("Projects Inc");
        var admin = await _http.OrgMemberAsync(owner, orgId, "admin");
        var member = await _http.OrgMemberAsync(owner, orgId, "member");
        var created = await _http.SendAuthorizedAsync(HttpMethod.Post, "/api/v1/projects", member.Token, new { name = "Shared", orgId });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var projectId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("projectId").GetGuid();
        var documentId = await _http.CreateDocumentAsync(member.Token, projectId, "a.txt", "hello");
        var leaver = await _http.OrgMemberAsync(owner, orgId, "member");
        var (_, outsider) = await _http.RegisterAndLoginAsync();

        Assert.Equal("owner", await RoleInListAsync(owner, projectId));
        Assert.Equal("owner", await RoleInListAsync(admin.Token, projectId));
        Assert.Equal("owner", await RoleInListAsync(member.Token, projectId));
        Assert.Equal("editor", await RoleInListAsync(leaver.Token, projectId));
        Assert.Null(await RoleInListAsync(outsider.AccessToken, projectId));
        var details = await _http.GetJsonAsync(leaver.Token, $"/api/v1/projects/{projectId}");
        Assert.Equal(("editor", orgId), (details.GetProperty("role").GetString(), details.GetProperty("orgId").GetGuid()));
        Assert.Equal(HttpStatusCode.OK, (await _http.SendAuthorizedAsync(HttpMethod.Get, $"/api/v1/documents/{documentId}", leaver.Token)).StatusCode);
        var edited = await _http.SendAuthorizedAsync(HttpMethod.Post, $"/api/v1/documents/{documentId}/operations", leaver.Token,
            new { revision = 0, operation = new object[] { 5, "!" } });
        Assert.True(edited.StatusCode == HttpStatusCode.OK, await edited.Content.ReadAsStringAsync());
        await (await _http.SendAuthorizedAsync(HttpMethod.Delete, $"/api/v1/projects/{projectId}", leaver.Token)).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await _http.SendAuthorizedAsync(HttpMethod.Get, $"/api/v1/documents/{documentId}", outsider.AccessToken)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");

        await using var live = await LiveClient.ConnectAsync(cluster.GatewayAddress, documentId, leaver.Token);
        Assert.Equal(HttpStatusCode.NoContent, (await _http.DeleteAsync(owner, $"/api/v1/orgs/{orgId}/members/{leaver.UserId}")).StatusCode);

        await live.AssertEndedAsync("forbidden", 4003);
        Assert.Null(await RoleInListAsync(leaver.Token, projectId));
        await (await _http.SendAuthorizedAsync(HttpMethod.Get, $"/api/v1/projects/{projectId}", leaver.Token)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await _http.SendAuthorizedAsync(HttpMethod.Get, $"/api/v1/documents/{documentId}", leaver.Token)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await _http.SendAuthorizedAsync(HttpMethod.Get, $"/api/v1/projects/{projectId}/documents", leaver.Token)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        Assert.Equal(HttpStatusCode.NoContent, (await _http.SendAuthorizedAsync(HttpMethod.Delete, $"/api/v1/projects/{projectId}", admin.Token)).StatusCode);
        Assert.Null(await RoleInListAsync(owner, projectId));
    }

    [Fact]
    public async Task ExplicitProjectMembership_OutlivesTheOrgMembership()
    {
        var (owner, _, _, orgId) = await _http.OwnerWithOrgAsync("Guests");
        var created = await _http.SendAuthorizedAsync(HttpMethod.Post, "/api/v1/projects", owner, new { name = "Guest list", orgId });
        var projectId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("projectId").GetGuid();
        var member = await _http.OrgMemberAsync(owner, orgId, "member");
        await _http.InviteAndAcceptAsync(owner, projectId, member.Email, "viewer", member.Token);
        Assert.Equal("editor", (await _http.GetJsonAsync(member.Token, $"/api/v1/projects/{projectId}")).GetProperty("role").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await _http.DeleteAsync(member.Token, $"/api/v1/orgs/{orgId}/members/{member.UserId}")).StatusCode);

        Assert.Equal("viewer", (await _http.GetJsonAsync(member.Token, $"/api/v1/projects/{projectId}")).GetProperty("role").GetString());
        Assert.Equal("viewer", await RoleInListAsync(member.Token, projectId));
    }

    private async Task<string?> RoleInListAsync(string token, Guid projectId) =>
        (await _http.GetJsonAsync(token, "/api/v1/projects")).EnumerateArray()
            .Where(p => p.GetProperty("projectId").GetGuid() == projectId).Select(p => p.GetProperty("role").GetString()).SingleOrDefault();
}
