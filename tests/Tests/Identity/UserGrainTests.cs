using PowerAutomation.Grains.Abstractions.Identity;
using PowerAutomation.Tests.Infrastructure;

namespace PowerAutomation.Tests.Identity;

/// <summary>Grain-level behaviour on the fixture's silo, with the real ADO.NET storage on PostgreSQL.</summary>
[Collection(ClusterCollection.Name)]
public sealed class UserGrainTests(ClusterFixture cluster)
{
    [Fact]
    public async Task User_AfterDeactivation_IsReadBackFromPostgres()
    {
        var email = ApiClient.NewEmail("grain");
        var registered = await cluster.Cluster.GetGrain<IEmailIndexGrain>(email)
            .Register(new Registration(email, ApiClient.Password, "Grace", []));
        var user = cluster.Cluster.GetGrain<IUserGrain>(registered.UserId);
        var key = (await user.CreateApiKey("k", null))!;
        await user.GrantRole(Roles.Admin);

        await cluster.Cluster.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

        var profile = await user.GetProfile();
        Assert.Equal(("Grace", email), (profile!.DisplayName, profile.Email));
        Assert.Equal([Roles.Admin, Roles.Member], profile.Roles);
        Assert.True(ApiKeyFormat.TryParse(key.ApiKey, out var keyId, out var secret));
        Assert.Equal(registered.UserId, await cluster.Cluster.GetGrain<IApiKeyGrain>(keyId).Authenticate(secret));
        Assert.Equal(registered.UserId, await cluster.Cluster.GetGrain<IEmailIndexGrain>(email).Find());
    }

    [Fact]
    public async Task ApiKeys_BeyondTheAllowance_AreRefused()
    {
        var email = ApiClient.NewEmail("keys");
        var registered = await cluster.Cluster.GetGrain<IEmailIndexGrain>(email).Register(new Registration(email, ApiClient.Password, null, []));
        var user = cluster.Cluster.GetGrain<IUserGrain>(registered.UserId);
        for (var i = 0; i < 50; i++)
        {
            Assert.NotNull(await user.CreateApiKey($"k{i}", null));
        }

        Assert.Null(await user.CreateApiKey("one too many", null));
    }

    [Fact]
    public async Task EmailIndex_RefusesRegistrationForAnotherAddress()
    {
        var index = cluster.Cluster.GetGrain<IEmailIndexGrain>(ApiClient.NewEmail());
        await Assert.ThrowsAsync<ArgumentException>(() =>
            index.Register(new Registration(ApiClient.NewEmail(), ApiClient.Password, null, [])));
    }

    [Fact]
    public async Task UnknownUser_HasNoProfileAndCannotSignIn()
    {
        var user = cluster.Cluster.GetGrain<IUserGrain>(Guid.NewGuid());
        Assert.Null(await user.GetProfile());
        var result = await user.Login(new LoginAttempt(ApiClient.Password, null, null, null));
        Assert.Equal(SessionStatus.InvalidCredentials, result.Status);
    }
}
