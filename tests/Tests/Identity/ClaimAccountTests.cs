using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PowerAutomation.Grains.Abstractions.Identity;
using PowerAutomation.Tests.Infrastructure;

namespace PowerAutomation.Tests.Identity;

/// <summary>A licence bought for an address without an account makes one its owner claims by registering.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ClaimAccountTests(ClusterFixture cluster)
{
    private readonly HttpClient _http = cluster.CreateClient();

    [Fact]
    public async Task Register_AddressALicenceWasIssuedTo_ClaimsTheAccount_ItsLicenceCountsOnceVerified()
    {
        var admin = await cluster.AdminTokenAsync();
        var email = ApiClient.NewEmail("buyer");
        await _http.IssueLicenseAsync(admin, email, edition: "team");
        var owner = await cluster.Cluster.GetGrain<IEmailIndexGrain>(email).Find();

        var userId = await _http.RegisterAsync(email, displayName: "Buyer");
        var tokens = await _http.LoginAsync(email);

        Assert.Equal(owner, userId);
        var unverified = await (await _http.SendAuthorizedAsync(HttpMethod.Get, "/api/v1/me", tokens.AccessToken)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("community", false), (unverified.GetProperty("edition").GetString(), unverified.GetProperty("emailVerified").GetBoolean()));

        await _http.VerifyEmailAsync(email);
        var me = await (await _http.SendAuthorizedAsync(HttpMethod.Get, "/api/v1/me", tokens.AccessToken)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("team", "Buyer", userId), (me.GetProperty("edition").GetString(), me.GetProperty("displayName").GetString(), me.GetProperty("userId").GetGuid()));
    }

    [Fact]
    public async Task Register_AClaimedAddressAgain_Answers409EmailTaken()
    {
        var admin = await cluster.AdminTokenAsync();
        var email = ApiClient.NewEmail("buyer");
        await _http.IssueLicenseAsync(admin, email);
        await _http.RegisterAsync(email);

        var again = await _http.PostAsJsonAsync("/api/v1/auth/register", new { email, password = "another good password" });

        await again.AssertProblemAsync(HttpStatusCode.Conflict, "email_taken");
        await _http.LoginAsync(email);
    }

    [Fact]
    public async Task Register_ConcurrentClaims_ExactlyOneSucceeds()
    {
        var admin = await cluster.AdminTokenAsync();
        var email = ApiClient.NewEmail("buyer");
        await _http.IssueLicenseAsync(admin, email);

        var responses = await Task.WhenAll(Enumerable.Range(0, 6)
            .Select(i => _http.PostAsJsonAsync("/api/v1/auth/register", new { email, password = $"claimer password {i}" })));

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(5, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
    }
}
