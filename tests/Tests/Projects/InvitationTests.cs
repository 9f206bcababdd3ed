using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PowerAutomation.Tests.Infrastructure;

namespace PowerAutomation.Tests.Projects;

/// <summary>Adding a member is an invitation: the same answer for any address, membership only by consent.</summary>
[Collection(ClusterCollection.Name)]
public sealed class InvitationTests(ClusterFixture cluster)
{
    private readonly HttpClient _http = cluster.CreateClient();

    [Fact]
    public async Task Invite_AddressWithAndWithoutAccount_AnswerTheSame204()
    {
        var (owner, projectId) = await OwnerWithProjectAsync("Same answer");
        var known = ApiClient.NewEmail("known");
        await _http.RegisterAsync(known);

        var toKnown = await Invite(owner, projectId, known, "viewer");
        var toUnknown = await Invite(owner, projectId, ApiClient.NewEmail("unknown"), "viewer");

        Assert.Equal((HttpStatusCode.NoContent, HttpStatusCode.NoContent), (toKnown.StatusCode, toUnknown.StatusCode));
        Assert.Equal(await toKnown.Content.ReadAsStringAsync(), await toUnknown.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Invite_ProjectAppearsForTheInviteeOnlyOnceAccepted()
    {
        var ownerEmail = ApiClient.NewEmail("owner");
        var (_, ownerTokens) = await _http.RegisterAndLoginAsync(ownerEmail);
        var projectId = await CreateProjectAsync(ownerTokens.AccessToken, "Consent");
        var inviteeEmail = ApiClient.NewEmail("invitee");
        var (_, invitee) = await _http.RegisterAndLoginAsync(inviteeEmail);

        Assert.Equal(HttpStatusCode.NoContent, (await Invite(ownerTokens.AccessToken, projectId, inviteeEmail, "editor")).StatusCode);

        Assert.Empty(await ProjectsAsync(invitee.AccessToken));
        await (await _http.SendAuthorizedAsync(HttpMethod.Get, $"/api/v1/projects/{projectId}/documents", invitee.AccessToken))
            .AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        var invitation = Assert.Single(await InvitationsAsync(invitee.AccessToken));
        Assert.Equal((projectId, "Consent", "editor", ownerEmail),
            (invitation.GetProperty("projectId").GetGuid(), invitation.GetProperty("projectName").GetString(),
             invitation.GetProperty("role").GetString(), invitation.GetProperty("invitedBy").GetString()));

        var invitationId = invitation.GetProperty("invitationId").GetGuid();
        Assert.Equal(HttpStatusCode.NoContent, (await Answer(invitee.AccessToken, invitationId, "accept")).StatusCode);

        var project = Assert.Single(await ProjectsAsync(invitee.AccessToken));
        Assert.Equal((projectId, "editor"), (project.GetProperty("projectId").GetGuid(), project.GetProperty("role").GetString()));
        Assert.Empty(await InvitationsAsync(invitee.AccessToken));
        var created = await _http.SendAuthorizedAsync(HttpMethod.Post, $"/api/v1/projects/{projectId}/documents", invitee.AccessToken, new { path = "a.txt", content = "" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        await (await Answer(invitee.AccessToken, invitationId, "accept")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Decline_DropsTheInvitationAndGrantsNothing()
    {
        var (owner, projectId) = await OwnerWithProjectAsync("Declined");
        var inviteeEmail = ApiClient.NewEmail("invitee");
        var (_, invitee) = await _http.RegisterAndLoginAsync(inviteeEmail);
        await Invite(owner, projectId, inviteeEmail, "viewer");
        var invitationId = await _http.InvitationIdAsync(invitee.AccessToken, projectId);

        Assert.Equal(HttpStatusCode.NoContent, (await Answer(invitee.AccessToken, invitationId, "decline")).StatusCode);

        Assert.Empty(await InvitationsAsync(invitee.AccessToken));
        Assert.Empty(await ProjectsAsync(invitee.AccessToken));
        await (await Answer(invitee.AccessToken, invitationId, "accept")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Invitation_ToAnAddressWithoutAccount_ShowsUpOnceItIsRegistered()
    {
        var (owner, projectId) = await OwnerWithProjectAsync("Waiting");
        var laterEmail = ApiClient.NewEmail("later");
        await Invite(owner, projectId, laterEmail, "viewer");

        var (_, later) = await _http.RegisterAndLoginAsync(laterEmail);
        var invitationId = await _http.InvitationIdAsync(later.AccessToken, projectId);
        Assert.Equal(HttpStatusCode.NoContent, (await Answer(later.AccessToken, invitationId, "accept")).StatusCode);

        Assert.Equal("viewer", Assert.Single(await ProjectsAsync(later.AccessToken)).GetProperty("role").GetString());
    }

    [Fact]
    public async Task Invitation_OfSomeoneElse_Answers404AndStaysPending()
    {
        var (owner, projectId) = await OwnerWithProjectAsync("Not yours");
        var inviteeEmail = ApiClient.NewEmail("invitee");
        var (_, invitee) = await _http.RegisterAndLoginAsync(inviteeEmail);
        var (_, stranger) = await _http.RegisterAndLoginAsync();
        await Invite(owner, projectId, inviteeEmail, "owner");
        var invitationId = await _http.InvitationIdAsync(invitee.AccessToken, projectId);
        await _http.EnsureEmailVerifiedAsync(stranger.AccessToken);

        await (await Answer(stranger.AccessToken, invitationId, "accept")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await Answer(stranger.AccessToken, invitationId, "decline")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");

        Assert.Empty(await ProjectsAsync(stranger.AccessToken));
        Assert.Single(await InvitationsAsync(invitee.AccessToken));
    }

    [Fact]
    public async Task Invite_AgainBeforeAnAnswer_UpdatesTheOneInvitation()
    {
        var (owner, projectId) = await OwnerWithProjectAsync("Again");
        var inviteeEmail = ApiClient.NewEmail("invitee");
        var (_, invitee) = await _http.RegisterAndLoginAsync(inviteeEmail);
        await Invite(owner, projectId, inviteeEmail, "viewer");
        await Invite(owner, projectId, inviteeEmail, "editor");

        var invitation = Assert.Single(await InvitationsAsync(invitee.AccessToken));
        Assert.Equal("editor", invitation.GetProperty("role").GetString());
    }

    [Fact]
    public async Task Invite_AMember_ChangesTheirRoleWithoutAnInvitation()
    {
        var (owner, projectId) = await OwnerWithProjectAsync("Roles");
        var memberEmail = ApiClient.NewEmail("member");
        var (_, member) = await _http.RegisterAndLoginAsync(memberEmail);
        await _http.InviteAndAcceptAsync(owner, projectId, memberEmail, "editor", member.AccessToken);

        Assert.Equal(HttpStatusCode.NoContent, (await Invite(owner, projectId, memberEmail, "viewer")).StatusCode);

        Assert.Empty(await InvitationsAsync(member.AccessToken));
        Assert.Equal("viewer", Assert.Single(await ProjectsAsync(member.AccessToken)).GetProperty("role").GetString());
    }

    [Fact]
    public async Task Invite_BeyondThePendingBound_Answers409TooManyInvitations()
    {
        // An owner whose request rate allows a hundred invitations in a row.
        var ownerEmail = ApiClient.NewEmail("owner");
        var (_, tokens) = await _http.RegisterAndLoginAsync(ownerEmail);
        await _http.IssueLicenseAsync(await cluster.AdminTokenAsync(), ownerEmail, limits: new { requestsPerMinute = 10_000 });
        var owner = tokens.AccessToken;
        var projectId = await CreateProjectAsync(owner, "Crowded");
        var first = ApiClient.NewEmail("pending");
        await Invite(owner, projectId, first, "viewer");
        for (var i = 1; i < 100; i++)
        {
            var invited = await Invite(owner, projectId, ApiClient.NewEmail("pending"), "viewer");
            Assert.Equal(HttpStatusCode.NoContent, invited.StatusCode);
        }

        await (await Invite(owner, projectId, ApiClient.NewEmail("pending"), "viewer")).AssertProblemAsync(HttpStatusCode.Conflict, "too_many_invitations");

        // Updating one that is pending is not a new one.
        Assert.Equal(HttpStatusCode.NoContent, (await Invite(owner, projectId, first, "editor")).StatusCode);
    }

    private async Task<(string Token, Guid ProjectId)> OwnerWithProjectAsync(string name)
    {
        var (_, tokens) = await _http.RegisterAndLoginAsync();
        return (tokens.AccessToken, await CreateProjectAsync(tokens.AccessToken, name));
    }

    private async Task<Guid> CreateProjectAsync(string token, string name)
    {
        var response = await _http.SendAuthorizedAsync(HttpMethod.Post, "/api/v1/projects", token, new { name });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("projectId").GetGuid();
    }

    private Task<HttpResponseMessage> Invite(string token, Guid projectId, string email, string role) =>
        _http.SendAuthorizedAsync(HttpMethod.Post, $"/api/v1/projects/{projectId}/members", token, new { email, role });

    private Task<HttpResponseMessage> Answer(string token, Guid invitationId, string answer) =>
        _http.SendAuthorizedAsync(HttpMethod.Post, $"/api/v1/invitations/{invitationId}/{answer}", token);

    private async Task<List<JsonElement>> InvitationsAsync(string token)
    {
        await _http.EnsureEmailVerifiedAsync(token);
        return (await (await _http.SendAuthorizedAsync(HttpMethod.Get, "/api/v1/me/invitations", token)).Content.ReadFromJsonAsync<List<JsonElement>>())!;
    }

    private async Task<List<JsonElement>> ProjectsAsync(string token) =>
        (await (await _http.SendAuthorizedAsync(HttpMethod.Get, "/api/v1/projects", token)).Content.ReadFromJsonAsync<List<JsonElement>>())!;
}
