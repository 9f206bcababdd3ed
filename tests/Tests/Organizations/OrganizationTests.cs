using System.Net;
using System.Text.Json;
using PowerAutomation.Tests.Infrastructure;
using PowerAutomation.Tests.Projects;

namespace PowerAutomation.Tests.Organizations;

/// <summary>Organizations: members with roles, invitations by consent, leaving and removing (API.md, "Organizations and seats").</summary>
[Collection(ClusterCollection.Name)]
public sealed class OrganizationTests(ClusterFixture cluster)
{
    private readonly HttpClient _http = cluster.CreateClient();

    [Fact]
    public async Task Create_CallerIsOwner_MembersJoinOnlyByConsent_AndSeeTheOrg()
    {
        var (owner, ownerId, ownerEmail, orgId) = await _http.OwnerWithOrgAsync("Consent Inc");
        var inviteeEmail = ApiClient.NewEmail("invitee");
        var (inviteeId, invitee) = await _http.RegisterAndLoginAsync(inviteeEmail);

        Assert.Equal(HttpStatusCode.NoContent, (await _http.InviteToOrgAsync(owner, orgId, inviteeEmail, "admin")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await _http.InviteToOrgAsync(owner, orgId, ApiClient.NewEmail("nobody"), "member")).StatusCode);

        await (await _http.SendAuthorizedAsync(HttpMethod.Get, $"/api/v1/orgs/{orgId}", invitee.AccessToken)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        var invitation = await _http.OrgInvitationAsync(invitee.AccessToken, orgId);
        Assert.Equal(("Consent Inc", "admin", ownerEmail), (invitation.GetProperty("orgName").GetString(), invitation.GetProperty("role").GetString(),
            invitation.GetProperty("invitedBy").GetString()));
        Assert.False(invitation.TryGetProperty("projectId", out _));
        var invitationId = invitation.GetProperty("invitationId").GetGuid();
        Assert.Equal(HttpStatusCode.NoContent, (await _http.SendAuthorizedAsync(HttpMethod.Post, $"/api/v1/invitations/{invitationId}/accept", invitee.AccessToken)).StatusCode);

        var seen = await _http.GetJsonAsync(invitee.AccessToken, $"/api/v1/orgs/{orgId}");
        Assert.Equal((orgId, "Consent Inc", "admin"), (seen.GetProperty("orgId").GetGuid(), seen.GetProperty("name").GetString(), seen.GetProperty("role").GetString()));
        Assert.Equal([(ownerId, ownerEmail, "owner"), (inviteeId, inviteeEmail, "admin")],
            seen.GetProperty("members").EnumerateArray().Select(m => (m.GetProperty("userId").GetGuid(), m.GetProperty("email").GetString(), m.GetProperty("role").GetString())).ToList());
        Assert.Single(seen.GetProperty("invitations").EnumerateArray());
        var mine = Assert.Single((await _http.GetJsonAsync(invitee.AccessToken, "/api/v1/me/orgs")).EnumerateArray());
        Assert.Equal((orgId, "admin"), (mine.GetProperty("orgId").GetGuid(), mine.GetProperty("role").GetString()));
        Assert.Empty((await _http.GetJsonAsync(invitee.AccessToken, "/api/v1/me/invitations")).EnumerateArray());
        await (await _http.SendAuthorizedAsync(HttpMethod.Post, $"/api/v1/invitations/{invitationId}/accept", invitee.AccessToken))
            .AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Roles_AdminCannotTouchOwners_MemberCannotInvite_LastOwnerStays()
    {
        var (owner, ownerId, _, orgId) = await _http.OwnerWithOrgAsync("Roles");
        var admin = await _http.OrgMemberAsync(owner, orgId, "admin");
        var member = await _http.OrgMemberAsync(admin.Token, orgId, "member");

        await (await _http.InviteToOrgAsync(admin.Token, orgId, ApiClient.NewEmail(), "owner")).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await _http.InviteToOrgAsync(member.Token, orgId, ApiClient.NewEmail(), "member")).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await _http.DeleteAsync(admin.Token, $"/api/v1/orgs/{orgId}/members/{ownerId}")).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await SetRoleAsync(admin.Token, orgId, ownerId, "member")).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await SetRoleAsync(admin.Token, orgId, member.UserId, "owner")).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await _http.DeleteAsync(member.Token, $"/api/v1/orgs/{orgId}/members/{admin.UserId}")).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await _http.DeleteAsync(owner, $"/api/v1/orgs/{orgId}/members/{ownerId}")).AssertProblemAsync(HttpStatusCode.Conflict, "last_owner");
        await (await SetRoleAsync(owner, orgId, ownerId, "admin")).AssertProblemAsync(HttpStatusCode.Conflict, "last_owner");

        Assert.Equal(HttpStatusCode.NoContent, (await SetRoleAsync(admin.Token, orgId, member.UserId, "admin")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await _http.DeleteAsync(admin.Token, $"/api/v1/orgs/{orgId}/members/{member.UserId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await SetRoleAsync(owner, orgId, admin.UserId, "owner")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await _http.DeleteAsync(owner, $"/api/v1/orgs/{orgId}/members/{ownerId}")).StatusCode);

        var seen = await _http.GetJsonAsync(admin.Token, $"/api/v1/orgs/{orgId}");
        Assert.Equal([(admin.UserId, "owner")], seen.GetProperty("members").EnumerateArray().Select(m => (m.GetProperty("userId").GetGuid(), m.GetProperty("role").GetString())).ToList());
        await (await _http.SendAuthorizedAsync(HttpMethod.Get, $"/api/v1/orgs/{orgId}", owner)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await _http.SendAuthorizedAsync(HttpMethod.Get, $"/api/v1/orgs/{orgId}", member.Token)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        Assert.Empty((await _http.GetJsonAsync(owner, "/api/v1/me/orgs")).EnumerateArray());
    }

    [Fact]
    public async Task ForeignOrUnknownOrg_Is404OnEveryRoute_AndChangesNothing()
    {
        var (owner, ownerId, _, orgId) = await _http.OwnerWithOrgAsync("Private");
        var (strangerId, strangerTokens) = await _http.RegisterAndLoginAsync();
        var stranger = strangerTokens.AccessToken;
        foreach (var id in new[] { orgId, Guid.NewGuid() })
        {
            await (await _http.SendAuthorizedAsync(HttpMethod.Get, $"/api/v1/orgs/{id}", stranger)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
            await (await _http.SendAuthorizedAsync(HttpMethod.Patch, $"/api/v1/orgs/{id}", stranger, new { name = "Mine" })).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
            await (await _http.InviteToOrgAsync(stranger, id, ApiClient.NewEmail(), "member")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
            await (await _http.DeleteAsync(stranger, $"/api/v1/orgs/{id}/members/{ownerId}")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
            await (await SetRoleAsync(stranger, id, strangerId, "owner")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
            await (await _http.SendAuthorizedAsync(HttpMethod.Post, "/api/v1/projects", stranger, new { name = "Sneak", orgId = id }))
                .AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        }

        var seen = await _http.GetJsonAsync(owner, $"/api/v1/orgs/{orgId}");
        Assert.Equal("Private", seen.GetProperty("name").GetString());
        Assert.Single(seen.GetProperty("members").EnumerateArray());
        Assert.Empty(seen.GetProperty("invitations").EnumerateArray());
    }

    [Theory]
    [InlineData("{", "invalid_json")]
    [InlineData("[]", "invalid_json")]
    [InlineData("""{"name":12}""", "invalid_json")]
    [InlineData("""{"name":null}""", "validation_failed")]
    [InlineData("""{"name":"   "}""", "validation_failed")]
    [InlineData("""{"name":"a\u0007b"}""", "invalid_name")]
    [InlineData("""{"name":"a\u202Eb"}""", "invalid_name")]
    [InlineData("HUGE", "invalid_name")]
    public async Task Create_GarbageOrBadNames_Are400WithACode_AndMakeNothing(string body, string code)
    {
        var (_, tokens) = await _http.RegisterAndLoginAsync();
        var request = ApiClient.Authorized(HttpMethod.Post, "/api/v1/orgs", tokens.AccessToken);
        request.Content = ApiClient.RawJson(body == "HUGE" ? JsonSerializer.Serialize(new { name = new string('n', 101) }) : body);

        await (await _http.SendAsync(request)).AssertProblemAsync(HttpStatusCode.BadRequest, code);

        Assert.Empty((await _http.GetJsonAsync(tokens.AccessToken, "/api/v1/me/orgs")).EnumerateArray());
    }

    [Theory]
    [InlineData("""{"email":"not-an-address","role":"member"}""", "validation_failed")]
    [InlineData("""{"email":"a@example.com","role":"viewer"}""", "validation_failed")]
    [InlineData("""{"email":"a@example.com","role":1}""", "invalid_json")]
    [InlineData("""{"email":["a@example.com"],"role":"member"}""", "invalid_json")]
    public async Task Invite_Garbage_Is400WithACode(string body, string code)
    {
        var (owner, _, _, orgId) = await _http.OwnerWithOrgAsync("Garbage");
        var request = ApiClient.Authorized(HttpMethod.Post, $"/api/v1/orgs/{orgId}/members", owner);
        request.Content = ApiClient.RawJson(body);

        await (await _http.SendAsync(request)).AssertProblemAsync(HttpStatusCode.BadRequest, code);

        Assert.Empty((await _http.GetJsonAsync(owner, $"/api/v1/orgs/{orgId}")).GetProperty("invitations").EnumerateArray());
    }

    [Fact]
    public async Task Rename_OwnerOnly_MembersListsAndInvitationsFollow()
    {
        var (owner, _, _, orgId) = await _http.OwnerWithOrgAsync("Old name");
        var admin = await _http.OrgMemberAsync(owner, orgId, "admin");
        var inviteeEmail = ApiClient.NewEmail("later");
        var (_, invitee) = await _http.RegisterAndLoginAsync(inviteeEmail);
        await _http.InviteToOrgAsync(owner, orgId, inviteeEmail, "member");

        await (await _http.SendAuthorizedAsync(HttpMethod.Patch, $"/api/v1/orgs/{orgId}", admin.Token, new { name = "Admin's" }))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        var renamed = await _http.SendAuthorizedAsync(HttpMethod.Patch, $"/api/v1/orgs/{orgId}", owner, new { name = "New name" });

        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        Assert.Equal("New name", Assert.Single((await _http.GetJsonAsync(admin.Token, "/api/v1/me/orgs")).EnumerateArray()).GetProperty("name").GetString());
        Assert.Equal("New name", (await _http.OrgInvitationAsync(invitee.AccessToken, orgId)).GetProperty("orgName").GetString());
    }

    private Task<HttpResponseMessage> SetRoleAsync(string token, Guid orgId, Guid userId, string role) =>
        _http.SendAuthorizedAsync(HttpMethod.Patch, $"/api/v1/orgs/{orgId}/members/{userId}", token, new { role });
}
