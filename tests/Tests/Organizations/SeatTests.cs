using System.Net;
using PowerAutomation.Tests.Infrastructure;
using PowerAutomation.Tests.Projects;

namespace PowerAutomation.Tests.Organizations;

/// <summary>Organization licences with named seats (API.md, "Organizations and seats").</summary>
[Collection(ClusterCollection.Name)]
public sealed class SeatTests(ClusterFixture cluster)
{
    private readonly HttpClient _http = cluster.CreateClient();

    [Fact]
    public async Task TeamLicence_FiveSeatsForFiveColleagues_SixthIs409_SeatGivesEditionAndLimits_ReleaseTakesThemBack()
    {
        var admin = await cluster.AdminTokenAsync();
        var (owner, _, _, orgId) = await _http.OwnerWithOrgAsync("Five seats");
        var licenseId = await _http.IssueOrgLicenseAsync(admin, orgId, seats: 5, limits: new { aiRequestsPerDay = 777 });
        var colleagues = new List<(string Token, Guid UserId, string Email)>();
        for (var i = 0; i < 6; i++)
        {
            colleagues.Add(await _http.OrgMemberAsync(owner, orgId, "member"));
        }

        foreach (var colleague in colleagues.Take(5))
        {
            Assert.Equal(HttpStatusCode.NoContent, (await _http.SeatAsync(HttpMethod.Put, owner, orgId, licenseId, colleague.UserId)).StatusCode);
        }

        await (await _http.SeatAsync(HttpMethod.Put, owner, orgId, licenseId, colleagues[5].UserId)).AssertProblemAsync(HttpStatusCode.Conflict, "no_seats_left");
        Assert.Equal(HttpStatusCode.NoContent, (await _http.SeatAsync(HttpMethod.Put, owner, orgId, licenseId, colleagues[0].UserId)).StatusCode);

        var seated = colleagues[0].Token;
        Assert.Equal("team", await _http.EditionAsync(seated));
        Assert.Equal(777, await _http.QuotaLimitAsync(seated, "ai_requests"));
        Assert.Equal("community", await _http.EditionAsync(colleagues[5].Token));
        Assert.Equal("community", await _http.EditionAsync(owner));
        var org = await _http.GetJsonAsync(owner, $"/api/v1/orgs/{orgId}");
        var license = org.License(licenseId);
        Assert.Equal(("team", 5, 5), (license.GetProperty("edition").GetString(), license.GetProperty("seats").GetInt32(), license.GetProperty("seatsUsed").GetInt32()));
        Assert.Equal(colleagues.Take(5).Select(c => c.UserId).Order(), license.GetProperty("seatHolders").EnumerateArray().Select(h => h.GetGuid()).Order());

        Assert.Equal(HttpStatusCode.NoContent, (await _http.SeatAsync(HttpMethod.Delete, owner, orgId, licenseId, colleagues[0].UserId)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await _http.SeatAsync(HttpMethod.Delete, owner, orgId, licenseId, colleagues[0].UserId)).StatusCode);

        Assert.Equal("community", await _http.EditionAsync(seated));
        Assert.NotEqual(777, await _http.QuotaLimitAsync(seated, "ai_requests"));
        Assert.Equal(HttpStatusCode.NoContent, (await _http.SeatAsync(HttpMethod.Put, owner, orgId, licenseId, colleagues[5].UserId)).StatusCode);
        Assert.Equal("team", await _http.EditionAsync(colleagues[5].Token));
    }

    [Fact]
    public async Task ConcurrentAssignments_TwelveMembersAgainstFiveSeats_ExactlyFiveSucceed()
    {
        var admin = await cluster.AdminTokenAsync();
        var (owner, _, _, orgId) = await _http.OwnerWithOrgAsync("Race");
        var licenseId = await _http.IssueOrgLicenseAsync(admin, orgId, seats: 5);
        var members = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => _http.OrgMemberAsync(owner, orgId, "member")));

        var answers = await Task.WhenAll(members.Select(m => _http.SeatAsync(HttpMethod.Put, owner, orgId, licenseId, m.UserId)));

        Assert.Equal(5, answers.Count(a => a.StatusCode == HttpStatusCode.NoContent));
        foreach (var refused in answers.Where(a => a.StatusCode != HttpStatusCode.NoContent))
        {
            await refused.AssertProblemAsync(HttpStatusCode.Conflict, "no_seats_left");
        }

        var editions = await Task.WhenAll(members.Select(m => _http.EditionAsync(m.Token)));
        Assert.Equal(5, editions.Count(e => e == "team"));
        Assert.Equal(5, (await _http.GetJsonAsync(owner, $"/api/v1/orgs/{orgId}")).License(licenseId).GetProperty("seatsUsed").GetInt32());
    }

    [Fact]
    public async Task Assign_NonMemberForeignOrgPlainMemberOrRevokedLicence_IsRefusedWithACode()
    {
        var admin = await cluster.AdminTokenAsync();
        var (owner, _, _, orgId) = await _http.OwnerWithOrgAsync("Refusals");
        var licenseId = await _http.IssueOrgLicenseAsync(admin, orgId, seats: 3);
        var member = await _http.OrgMemberAsync(owner, orgId, "member");
        var orgAdmin = await _http.OrgMemberAsync(owner, orgId, "admin");
        var (outsiderId, outsider) = await _http.RegisterAndLoginAsync();
        var (otherOwner, _, _, otherOrg) = await _http.OwnerWithOrgAsync("Other");

        await (await _http.SeatAsync(HttpMethod.Put, owner, orgId, licenseId, outsiderId)).AssertProblemAsync(HttpStatusCode.Conflict, "not_an_org_member");
        await (await _http.SeatAsync(HttpMethod.Put, member.Token, orgId, licenseId, member.UserId)).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await _http.SeatAsync(HttpMethod.Put, outsider.AccessToken, orgId, licenseId, outsiderId)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await _http.SeatAsync(HttpMethod.Put, otherOwner, otherOrg, licenseId, member.UserId)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await _http.SeatAsync(HttpMethod.Put, owner, orgId, "not-a-licence", member.UserId)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await _http.SeatAsync(HttpMethod.Put, owner, orgId, Guid.NewGuid().ToString("N"), member.UserId)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        Assert.Equal("community", await _http.EditionAsync(member.Token));

        // An admin of the organization may seat; revoking takes the seat back and refuses new ones.
        Assert.Equal(HttpStatusCode.NoContent, (await _http.SeatAsync(HttpMethod.Put, orgAdmin.Token, orgId, licenseId, member.UserId)).StatusCode);
        Assert.Equal("team", await _http.EditionAsync(member.Token));
        var revoked = await _http.SendAuthorizedAsync(HttpMethod.Post, $"/api/v1/admin/licenses/{licenseId}/revoke", admin, new { reason = "test" });
        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        Assert.Equal("community", await _http.EditionAsync(member.Token));
        await (await _http.SeatAsync(HttpMethod.Put, owner, orgId, licenseId, orgAdmin.UserId)).AssertProblemAsync(HttpStatusCode.Conflict, "license_revoked");
    }

    [Fact]
    public async Task RemovalFromTheOrg_TakesTheSeatBack()
    {
        var admin = await cluster.AdminTokenAsync();
        var (owner, _, _, orgId) = await _http.OwnerWithOrgAsync("Leaving");
        var licenseId = await _http.IssueOrgLicenseAsync(admin, orgId, seats: 2, edition: "enterprise");
        var member = await _http.OrgMemberAsync(owner, orgId, "member");
        Assert.Equal(HttpStatusCode.NoContent, (await _http.SeatAsync(HttpMethod.Put, owner, orgId, licenseId, member.UserId)).StatusCode);
        Assert.Equal("enterprise", await _http.EditionAsync(member.Token));

        Assert.Equal(HttpStatusCode.NoContent, (await _http.DeleteAsync(member.Token, $"/api/v1/orgs/{orgId}/members/{member.UserId}")).StatusCode);

        Assert.Equal("community", await _http.EditionAsync(member.Token));
        Assert.Equal(0, (await _http.GetJsonAsync(owner, $"/api/v1/orgs/{orgId}")).License(licenseId).GetProperty("seatsUsed").GetInt32());
    }

    [Theory]
    [InlineData("""{"orgId":"ORG","edition":"team","maxDevices":1,"expiresAt":"2099-01-01T00:00:00Z"}""", "seats")]
    [InlineData("""{"email":"a@example.com","seats":3,"edition":"team","maxDevices":1,"expiresAt":"2099-01-01T00:00:00Z"}""", "seats")]
    [InlineData("""{"orgId":"ORG","seats":0,"edition":"team","maxDevices":1,"expiresAt":"2099-01-01T00:00:00Z"}""", "seats")]
    [InlineData("""{"orgId":"ORG","seats":10001,"edition":"team","maxDevices":1,"expiresAt":"2099-01-01T00:00:00Z"}""", "seats")]
    [InlineData("""{"orgId":"ORG","seats":3,"email":"a@example.com","edition":"team","maxDevices":1,"expiresAt":"2099-01-01T00:00:00Z"}""", "email")]
    [InlineData("""{"orgId":"UNKNOWN","seats":3,"edition":"team","maxDevices":1,"expiresAt":"2099-01-01T00:00:00Z"}""", "orgId")]
    public async Task IssueOrgLicence_BadSeatsOrOrg_Is400NamingTheField(string body, string field)
    {
        var admin = await cluster.AdminTokenAsync();
        var (owner, _, _, orgId) = await _http.OwnerWithOrgAsync("Issue rules");
        var request = ApiClient.Authorized(HttpMethod.Post, "/api/v1/admin/licenses", admin);
        request.Content = ApiClient.RawJson(body.Replace("UNKNOWN", Guid.NewGuid().ToString()).Replace("ORG", orgId.ToString()));

        var problem = await (await _http.SendAsync(request)).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");

        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Empty((await _http.GetJsonAsync(owner, $"/api/v1/orgs/{orgId}")).GetProperty("licenses").EnumerateArray());
    }
}
