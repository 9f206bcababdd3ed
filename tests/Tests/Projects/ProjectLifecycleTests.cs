using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;
using PowerAutomation.Gateway.Documents.Live;
using PowerAutomation.Tests.Infrastructure;

namespace PowerAutomation.Tests.Projects;

/// <summary>Reading, renaming and deleting projects, leaving them and removing members (API.md, "Files and projects").</summary>
[Collection(ClusterCollection.Name)]
public sealed class ProjectLifecycleTests(ClusterFixture cluster)
{
    private readonly HttpClient _http = cluster.CreateClient();

    [Fact]
    public async Task Get_ListsMembersWithTheirNames_AndOnlyOwnersSeeInvitations()
    {
        var ownerEmail = ApiClient.NewEmail("owner");
        await _http.RegisterAsync(ownerEmail, displayName: "Olive Owner");
        var owner = (await _http.LoginAsync(ownerEmail)).AccessToken;
        var projectId = await _http.CreateProjectAsync(owner, "Details");
        var (editor, editorId, editorEmail) = await _http.MemberAsync(owner, projectId, "editor");
        var invitee = ApiClient.NewEmail("invitee");
        await _http.SendAuthorizedAsync(HttpMethod.Post, $"/api/v1/projects/{projectId}/members", owner, new { email = invitee, role = "viewer" });

        var seenByOwner = await _http.GetJsonAsync(owner, $"/api/v1/projects/{projectId}");
        var seenByEditor = await _http.GetJsonAsync(editor, $"/api/v1/projects/{projectId}");

        Assert.Equal((projectId, "Details", "owner"),
            (seenByOwner.GetProperty("projectId").GetGuid(), seenByOwner.GetProperty("name").GetString(), seenByOwner.GetProperty("role").GetString()));
        var members = seenByOwner.GetProperty("members").EnumerateArray().ToList();
        Assert.Equal([(ownerEmail, "Olive Owner", "owner"), (editorEmail, editorEmail[..editorEmail.IndexOf('@')], "editor")],
            members.Select(m => (m.GetProperty("email").GetString(), m.GetProperty("displayName").GetString(), m.GetProperty("role").GetString())).ToList());
        Assert.Equal(editorId, members[1].GetProperty("userId").GetGuid());
        var invitation = Assert.Single(seenByOwner.GetProperty("invitations").EnumerateArray());
        Assert.Equal((invitee, "viewer", ownerEmail),
            (invitation.GetProperty("email").GetString(), invitation.GetProperty("role").GetString(), invitation.GetProperty("invitedBy").GetString()));
        Assert.NotEqual(Guid.Empty, invitation.GetProperty("invitationId").GetGuid());

        Assert.Equal("editor", seenByEditor.GetProperty("role").GetString());
        Assert.Equal(2, seenByEditor.GetProperty("members").GetArrayLength());
        Assert.False(seenByEditor.TryGetProperty("invitations", out _));

        var (_, stranger) = await _http.RegisterAndLoginAsync();
        await (await _http.SendAuthorizedAsync(HttpMethod.Get, $"/api/v1/projects/{projectId}", stranger.AccessToken)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await _http.SendAuthorizedAsync(HttpMethod.Get, $"/api/v1/projects/{Guid.NewGuid()}", owner)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Rename_ShowsTheNewNameInEveryMembersListAndInPendingInvitations()
    {
        var (owner, _, _, projectId) = await _http.OwnerWithProjectAsync("Old name");
        var (editor, _, _) = await _http.MemberAsync(owner, projectId, "editor");
        var inviteeEmail = ApiClient.NewEmail("invitee");
        var (_, invitee) = await _http.RegisterAndLoginAsync(inviteeEmail);
        await _http.SendAuthorizedAsync(HttpMethod.Post, $"/api/v1/projects/{projectId}/members", owner, new { email = inviteeEmail, role = "viewer" });

        var renamed = await _http.SendAuthorizedAsync(HttpMethod.Patch, $"/api/v1/projects/{projectId}", owner, new { name = "  New name  " });

        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        var body = await renamed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("New name", "owner", 2, 1), (body.GetProperty("name").GetString(), body.GetProperty("role").GetString(),
            body.GetProperty("members").GetArrayLength(), body.GetProperty("invitations").GetArrayLength()));
        foreach (var token in new[] { owner, editor })
        {
            var listed = Assert.Single((await _http.GetJsonAsync(token, "/api/v1/projects")).EnumerateArray());
            Assert.Equal("New name", listed.GetProperty("name").GetString());
        }

        await _http.EnsureEmailVerifiedAsync(invitee.AccessToken);
        var inbox = Assert.Single((await _http.GetJsonAsync(invitee.AccessToken, "/api/v1/me/invitations")).EnumerateArray());
        Assert.Equal("New name", inbox.GetProperty("projectName").GetString());
        await (await _http.SendAuthorizedAsync(HttpMethod.Patch, $"/api/v1/projects/{projectId}", editor, new { name = "Mine now" }))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task Rename_BadNames_Answer400_AndKeepTheName()
    {
        var (owner, _, _, projectId) = await _http.OwnerWithProjectAsync("Steady");
        var url = $"/api/v1/projects/{projectId}";

        foreach (var name in new[] { "bad\u202Ename", "line\nbreak", new string('n', 201) })
        {
            await (await _http.SendAuthorizedAsync(HttpMethod.Patch, url, owner, new { name })).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_name");
        }

        await (await _http.SendAuthorizedAsync(HttpMethod.Patch, url, owner, new { name = " " })).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await (await _http.SendAuthorizedAsync(HttpMethod.Patch, url, owner, new { })).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        foreach (var json in new[] { "{", "{\"name\":5}", "{\"name\":{}}", "\"Steady\"" })
        {
            var request = ApiClient.Authorized(HttpMethod.Patch, url, owner);
            request.Content = ApiClient.RawJson(json);
            await (await _http.SendAsync(request)).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_json");
        }

        await (await _http.SendAuthorizedAsync(HttpMethod.Patch, $"/api/v1/projects/{Guid.NewGuid()}", owner, new { name = "Elsewhere" }))
            .AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        Assert.Equal("Steady", (await _http.GetJsonAsync(owner, url)).GetProperty("name").GetString());
    }

    [Fact]
    public async Task Delete_TakesItsDocumentsListingsAndInvitations_AndClosesLiveSessions()
    {
        var (owner, _, _, projectId) = await _http.OwnerWithProjectAsync("Doomed");
        var documentId = await _http.CreateDocumentAsync(owner, projectId, "a.txt", "alpha");
        var (editor, _, _) = await _http.MemberAsync(owner, projectId, "editor");
        var inviteeEmail = ApiClient.NewEmail("invitee");
        var (_, invitee) = await _http.RegisterAndLoginAsync(inviteeEmail);
        await _http.SendAuthorizedAsync(HttpMethod.Post, $"/api/v1/projects/{projectId}/members", owner, new { email = inviteeEmail, role = "viewer" });
        var invitationId = await _http.InvitationIdAsync(invitee.AccessToken, projectId);
        await using var live = await LiveClient.ConnectAsync(cluster.GatewayAddress, documentId, editor);

        await (await _http.DeleteAsync(editor, $"/api/v1/projects/{projectId}")).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal(HttpStatusCode.NoContent, (await _http.DeleteAsync(owner, $"/api/v1/projects/{projectId}")).StatusCode);

        await live.AssertEndedAsync(LiveSession.DocumentDeleted, LiveSession.Gone);
        Assert.DoesNotContain(projectId, await _http.ProjectIdsAsync(owner));
        Assert.DoesNotContain(projectId, await _http.ProjectIdsAsync(editor));
        Assert.Empty((await _http.GetJsonAsync(invitee.AccessToken, "/api/v1/me/invitations")).EnumerateArray());
        await (await _http.SendAuthorizedAsync(HttpMethod.Post, $"/api/v1/invitations/{invitationId}/accept", invitee.AccessToken))
            .AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        foreach (var path in new[] { $"/api/v1/projects/{projectId}", $"/api/v1/projects/{projectId}/documents", $"/api/v1/documents/{documentId}" })
        {
            await (await _http.SendAuthorizedAsync(HttpMethod.Get, path, owner)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        }

        await (await _http.SendAuthorizedAsync(HttpMethod.Post, $"/api/v1/projects/{projectId}/documents", owner, new { path = "b.txt", content = "" }))
            .AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await _http.SendAuthorizedAsync(HttpMethod.Post, $"/api/v1/projects/{projectId}/members", owner, new { email = inviteeEmail, role = "viewer" }))
            .AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await _http.SendAuthorizedAsync(HttpMethod.Patch, $"/api/v1/projects/{projectId}", owner, new { name = "Back" }))
            .AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await _http.DeleteAsync(owner, $"/api/v1/projects/{projectId}")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        Assert.Equal(HttpStatusCode.NotFound, await Lifecycle.LiveRefusalAsync(cluster.GatewayAddress, documentId, owner));
    }

    [Fact]
    public async Task RemoveMember_EndsTheirAccessAtOnce_AndClosesTheirLiveSessions()
    {
        var (owner, _, _, projectId) = await _http.OwnerWithProjectAsync("Team");
        var documentId = await _http.CreateDocumentAsync(owner, projectId, "shared.txt", "shared");
        var (editor, editorId, _) = await _http.MemberAsync(owner, projectId, "editor");
        await using var theirs = await LiveClient.ConnectAsync(cluster.GatewayAddress, documentId, editor);
        await using var mine = await LiveClient.ConnectAsync(cluster.GatewayAddress, documentId, owner);

        Assert.Equal(HttpStatusCode.NoContent, (await _http.DeleteAsync(owner, $"/api/v1/projects/{projectId}/members/{editorId}")).StatusCode);

        await theirs.AssertEndedAsync("forbidden", LiveSession.NotAllowed);
        Assert.DoesNotContain(projectId, await _http.ProjectIdsAsync(editor));
        foreach (var path in new[] { $"/api/v1/projects/{projectId}", $"/api/v1/projects/{projectId}/documents", $"/api/v1/documents/{documentId}", $"/api/v1/documents/{documentId}/operations" })
        {
            await (await _http.SendAuthorizedAsync(HttpMethod.Get, path, editor)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        }

        var edit = await _http.SendAuthorizedAsync(HttpMethod.Post, $"/api/v1/documents/{documentId}/operations", editor,
            new { revision = 0, operation = JsonDocument.Parse("[6,\"!\"]").RootElement });
        await edit.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        Assert.Equal((WebSocketCloseStatus)LiveSession.NotAllowed, await Lifecycle.LiveClosedAsync(cluster.GatewayAddress, documentId, editor));

        // The owner's own session carries on; the member is simply gone from the project.
        Assert.True(mine.Connected);
        var members = (await _http.GetJsonAsync(owner, $"/api/v1/projects/{projectId}")).GetProperty("members").EnumerateArray();
        Assert.DoesNotContain(members, m => m.GetProperty("userId").GetGuid() == editorId);
        await (await _http.DeleteAsync(owner, $"/api/v1/projects/{projectId}/members/{editorId}")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Leave_AMemberMayRemoveThemself_ButNobodyElseExceptOwners()
    {
        var (owner, _, _, projectId) = await _http.OwnerWithProjectAsync("Leaving");
        var (viewer, viewerId, _) = await _http.MemberAsync(owner, projectId, "viewer");
        var (editor, editorId, _) = await _http.MemberAsync(owner, projectId, "editor");

        await (await _http.DeleteAsync(editor, $"/api/v1/projects/{projectId}/members/{viewerId}")).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal(HttpStatusCode.NoContent, (await _http.DeleteAsync(viewer, $"/api/v1/projects/{projectId}/members/{viewerId}")).StatusCode);

        Assert.Empty(await _http.ProjectIdsAsync(viewer));
        await (await _http.DeleteAsync(viewer, $"/api/v1/projects/{projectId}/members/{editorId}")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        Assert.Contains(projectId, await _http.ProjectIdsAsync(editor));
    }

    [Fact]
    public async Task LastOwner_CannotLeaveOrBeRemoved_Answers409LastOwner()
    {
        var (owner, ownerId, _, projectId) = await _http.OwnerWithProjectAsync("Owned");
        await (await _http.DeleteAsync(owner, $"/api/v1/projects/{projectId}/members/{ownerId}")).AssertProblemAsync(HttpStatusCode.Conflict, "last_owner");

        var (second, secondId, _) = await _http.MemberAsync(owner, projectId, "owner");
        Assert.Equal(HttpStatusCode.NoContent, (await _http.DeleteAsync(second, $"/api/v1/projects/{projectId}/members/{ownerId}")).StatusCode);

        await (await _http.DeleteAsync(second, $"/api/v1/projects/{projectId}/members/{secondId}")).AssertProblemAsync(HttpStatusCode.Conflict, "last_owner");
        var details = await _http.GetJsonAsync(second, $"/api/v1/projects/{projectId}");
        var only = Assert.Single(details.GetProperty("members").EnumerateArray());
        Assert.Equal((secondId, "owner"), (only.GetProperty("userId").GetGuid(), only.GetProperty("role").GetString()));
        Assert.Empty(await _http.ProjectIdsAsync(owner));
    }

    [Fact]
    public async Task CancelInvitation_RemovesItFromTheInbox_OwnersOnly()
    {
        var (owner, _, _, projectId) = await _http.OwnerWithProjectAsync("Withdrawn");
        var (editor, _, _) = await _http.MemberAsync(owner, projectId, "editor");
        var inviteeEmail = ApiClient.NewEmail("invitee");
        var (_, invitee) = await _http.RegisterAndLoginAsync(inviteeEmail);
        await _http.SendAuthorizedAsync(HttpMethod.Post, $"/api/v1/projects/{projectId}/members", owner, new { email = inviteeEmail, role = "editor" });
        var invitationId = await _http.InvitationIdAsync(invitee.AccessToken, projectId);
        var url = $"/api/v1/projects/{projectId}/invitations/{invitationId}";

        await (await _http.DeleteAsync(editor, url)).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await _http.DeleteAsync(invitee.AccessToken, url)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        Assert.Equal(HttpStatusCode.NoContent, (await _http.DeleteAsync(owner, url)).StatusCode);

        Assert.Empty((await _http.GetJsonAsync(invitee.AccessToken, "/api/v1/me/invitations")).EnumerateArray());
        Assert.Empty((await _http.GetJsonAsync(owner, $"/api/v1/projects/{projectId}")).GetProperty("invitations").EnumerateArray());
        await (await _http.SendAuthorizedAsync(HttpMethod.Post, $"/api/v1/invitations/{invitationId}/accept", invitee.AccessToken))
            .AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await _http.DeleteAsync(owner, url)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        Assert.Empty(await _http.ProjectIdsAsync(invitee.AccessToken));
    }

    [Fact]
    public async Task ForeignAndUnknownIds_Answer404_AndChangeNothing()
    {
        var (owner, _, _, projectId) = await _http.OwnerWithProjectAsync("Mine");
        var (otherOwner, otherOwnerId, _, otherProject) = await _http.OwnerWithProjectAsync("Theirs");
        var (theirMember, theirMemberId, _) = await _http.MemberAsync(otherOwner, otherProject, "editor");

        await (await _http.DeleteAsync(owner, $"/api/v1/projects/{otherProject}")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await _http.DeleteAsync(owner, $"/api/v1/projects/{otherProject}/members/{theirMemberId}")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await _http.DeleteAsync(owner, $"/api/v1/projects/{projectId}/members/{theirMemberId}")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await _http.DeleteAsync(owner, $"/api/v1/projects/{projectId}/members/{otherOwnerId}")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await _http.DeleteAsync(owner, $"/api/v1/projects/{projectId}/invitations/{Guid.NewGuid()}")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await _http.DeleteAsync(owner, $"/api/v1/projects/{projectId}/members/not-a-guid")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");

        Assert.Equal(2, (await _http.GetJsonAsync(otherOwner, $"/api/v1/projects/{otherProject}")).GetProperty("members").GetArrayLength());
        Assert.Contains(otherProject, await _http.ProjectIdsAsync(theirMember));
        Assert.Contains(projectId, await _http.ProjectIdsAsync(owner));
    }
}
