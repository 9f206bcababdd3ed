using System.Collections.Specialized;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Web;
using PowerAutomation.Tests.Infrastructure;

namespace PowerAutomation.Tests.Accounts.Oidc;

/// <summary>
/// Sign-in through a real OIDC provider (oidc-provider), end to end: the gateway's start, the provider's login form,
/// the callback, the one-time code and its exchange; linking by verified e-mail only; and every refusal.
/// </summary>
[Collection(OidcCollection.Name)]
public sealed class OidcSignInTests(OidcFixture system) : IDisposable
{
    private const string ReturnPath = "/auth/callback";

    private readonly HttpClient _api = system.CreateClient();
    private readonly OidcBrowser _browser = new();

    [Fact]
    public async Task NewUser_SignsInThroughTheProvider_AndTheExchangedTokenWorks()
    {
        var email = ApiClient.NewEmail("oidc-new");
        var login = await system.Provider.AddAccountAsync(email, emailVerified: true, name: "Ada Provider");

        var back = await SignInAsync(login);
        Assert.Null(back["error"]);
        var tokens = await ExchangeAsync(back["code"]!);

        var me = await MeAsync(tokens.AccessToken);
        Assert.Equal(email, me.GetProperty("email").GetString());
        Assert.Equal("Ada Provider", me.GetProperty("displayName").GetString());

        // The refresh family works like a password login's; the account has no password anyone could guess.
        var refreshed = await _api.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = tokens.RefreshToken });
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        await (await _api.PostAsJsonAsync("/api/v1/auth/login", new { email, password = ApiClient.Password }))
            .AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
        await (await _api.PostAsJsonAsync("/api/v1/auth/register", new { email, password = ApiClient.Password }))
            .AssertProblemAsync(HttpStatusCode.Conflict, "email_taken");

        // Signing in again finds the same account through the link.
        var again = await ExchangeAsync((await SignInAsync(login))["code"]!);
        Assert.Equal(me.GetProperty("userId").GetGuid(), (await MeAsync(again.AccessToken)).GetProperty("userId").GetGuid());
    }

    [Fact]
    public async Task SecondIdentity_WithTheVerifiedEmail_LinksToTheVerifiedAccount()
    {
        var email = ApiClient.NewEmail("oidc-link");
        var first = await MeAsync((await ExchangeAsync((await SignInAsync(await system.Provider.AddAccountAsync(email, true)))["code"]!)).AccessToken);

        // Another identity (another client of the provider, another subject) that vouches for the same address.
        var other = await system.Provider.AddAccountAsync(email, true);
        var linked = await MeAsync((await ExchangeAsync((await SignInAsync(other, "second"))["code"]!)).AccessToken);

        Assert.Equal(first.GetProperty("userId").GetGuid(), linked.GetProperty("userId").GetGuid());
    }

    [Fact]
    public async Task UnverifiedProviderEmail_DoesNotLinkAnExistingAccount_NothingChanges()
    {
        var email = ApiClient.NewEmail("oidc-unverified");
        var userId = await _api.RegisterAsync(email);
        var login = await system.Provider.AddAccountAsync(email, emailVerified: false);

        Assert.Equal("oidc_email_unverified", (await SignInAsync(login))["error"]);
        Assert.Equal("oidc_email_unverified", (await SignInAsync(login))["error"]);

        // The account is as it was: its password signs in, to the same user.
        var tokens = await _api.LoginAsync(email);
        Assert.Equal(userId, (await MeAsync(tokens.AccessToken)).GetProperty("userId").GetGuid());
    }

    [Fact]
    public async Task UnverifiedProviderEmail_ForANewAddress_MakesAnAccountThatRegistrationCannotTake()
    {
        var email = ApiClient.NewEmail("oidc-fresh");
        var login = await system.Provider.AddAccountAsync(email, emailVerified: false);
        var me = await MeAsync((await ExchangeAsync((await SignInAsync(login))["code"]!)).AccessToken);
        Assert.Equal(email, me.GetProperty("email").GetString());

        // It has no password, but it is not an unclaimed account: registering the address must not set one.
        await (await _api.PostAsJsonAsync("/api/v1/auth/register", new { email, password = ApiClient.Password }))
            .AssertProblemAsync(HttpStatusCode.Conflict, "email_taken");
    }

    [Fact]
    public async Task VerifiedProviderEmail_ReclaimsAnUnverifiedAccount_AndEndsWhatItsRegistrantHeld()
    {
        // Anyone can register any address; until it is proved, the provider's verified user is its owner.
        var email = ApiClient.NewEmail("oidc-squat");
        var (userId, squatter) = await _api.RegisterAndLoginAsync(email);
        var key = await (await _api.SendAuthorizedAsync(HttpMethod.Post, "/api/v1/me/api-keys", squatter.AccessToken, new { name = "kept" }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var apiKey = key.GetProperty("apiKey").GetString()!;

        var login = await system.Provider.AddAccountAsync(email, emailVerified: true);
        var owner = await ExchangeAsync((await SignInAsync(login))["code"]!);
        Assert.Equal(userId, (await MeAsync(owner.AccessToken)).GetProperty("userId").GetGuid());

        await (await _api.PostAsJsonAsync("/api/v1/auth/login", new { email, password = ApiClient.Password }))
            .AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
        await (await _api.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = squatter.RefreshToken }))
            .AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_token");
        Assert.Equal(HttpStatusCode.Unauthorized, (await _api.SendAuthorizedAsync(HttpMethod.Get, "/api/v1/me", apiKey)).StatusCode);
    }

    [Fact]
    public async Task Callback_WithoutAValidState_IsAProblem_NotARedirect()
    {
        await (await Callback("test", "")).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_state");
        await (await Callback("test", "?code=abc")).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_state");
        await (await Callback("test", "?code=abc&state=made-up")).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_state");
        await (await Callback("test", $"?code=abc&state={new string('s', 5000)}")).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_state");
        await (await Callback("nobody", "?code=abc&state=x")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");

        // A state another provider's sign-in started is spent and refused.
        var state = StateOf(await StartAsync("test"));
        await (await Callback("second", $"?code=abc&state={state}")).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_state");
        await (await Callback("test", $"?code=abc&state={state}")).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_state");
    }

    [Fact]
    public async Task Callback_WithAValidState_ButAProviderErrorOrNoCode_RedirectsWithTheError_Once()
    {
        var state = StateOf(await StartAsync("test"));
        var back = await Returned(await Callback("test", $"?error=access_denied&state={state}"));
        Assert.Equal("oidc_provider_error", back["error"]);
        Assert.Null(back["code"]);
        await (await Callback("test", $"?error=access_denied&state={state}")).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_state");

        state = StateOf(await StartAsync("test"));
        Assert.Equal("invalid_request", (await Returned(await Callback("test", $"?state={state}")))["error"]);

        state = StateOf(await StartAsync("test"));
        Assert.Equal("oidc_provider_error", (await Returned(await Callback("test", $"?code=abc&state={state}&iss=http%3A%2F%2Fevil.example")))["error"]);
    }

    [Fact]
    public async Task ReplayedCallback_IsRefused()
    {
        var login = await system.Provider.AddAccountAsync(ApiClient.NewEmail("oidc-replay"), true);
        var callback = await _browser.SignInAtProviderAsync(await StartAsync("test"), login);
        Assert.NotNull((await Returned(await _browser.GetAsync(callback)))["code"]);
        await (await _browser.GetAsync(callback)).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_state");
    }

    [Fact]
    public async Task ACodeFromAnotherSignIn_FailsItsPkceCheck()
    {
        var login = await system.Provider.AddAccountAsync(ApiClient.NewEmail("oidc-swap"), true);
        var mine = await _browser.SignInAtProviderAsync(await StartAsync("test"), login);
        var theirs = await _browser.SignInAtProviderAsync(await StartAsync("test"), login);

        // The attacker's code with the victim's state: the provider refuses it, as the verifier belongs to the other.
        var swapped = $"?code={Query(theirs)["code"]}&state={Query(mine)["state"]}";
        Assert.Equal("oidc_exchange_failed", (await Returned(await Callback("test", swapped)))["error"]);
    }

    [Fact]
    public async Task Exchange_ACodeOnlyOnce_AndNothingElse()
    {
        var login = await system.Provider.AddAccountAsync(ApiClient.NewEmail("oidc-code"), true);
        var code = (await SignInAsync(login))["code"]!;
        await ExchangeAsync(code);

        await (await _api.PostAsJsonAsync("/api/v1/auth/oidc/exchange", new { code })).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_code");
        await (await _api.PostAsJsonAsync("/api/v1/auth/oidc/exchange", new { code = "made-up" })).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_code");
        await (await _api.PostAsJsonAsync("/api/v1/auth/oidc/exchange", new { code = new string('c', 5000) })).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_code");
        await (await _api.PostAsJsonAsync("/api/v1/auth/oidc/exchange", new { })).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await (await _api.PostAsync("/api/v1/auth/oidc/exchange", ApiClient.RawJson("{\"code\": 5}"))).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_json");
    }

    [Theory]
    [InlineData("foreign-key")]
    [InlineData("nonce")]
    [InlineData("audience")]
    public async Task ABadIdToken_IsRefused_AndNoAccountIsMade(string tamper)
    {
        var email = ApiClient.NewEmail("oidc-forged");
        var login = await system.Provider.AddAccountAsync(email, true, tamper: tamper);

        var back = await SignInAsync(login);
        Assert.Equal("invalid_id_token", back["error"]);
        Assert.Null(back["code"]);
        await _api.RegisterAsync(email); // The address is still free.
    }

    [Theory]
    [InlineData("https://evil.example/auth/callback")]
    [InlineData("//evil.example/auth/callback")]
    [InlineData("/\\evil.example")]
    [InlineData("http://127.0.0.1:1/auth/callback")]
    [InlineData("javascript:alert(1)")]
    [InlineData("auth/callback")]
    [InlineData("")]
    public async Task Start_RefusesARedirectThatLeavesTheWebApp(string redirectUri)
    {
        var response = await _browser.GetAsync(new Uri(system.GatewayAddress, $"/api/v1/auth/oidc/test/start?redirectUri={Uri.EscapeDataString(redirectUri)}"));
        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_redirect_uri");
    }

    [Fact]
    public async Task Start_AcceptsTheWebAppsOwnAbsoluteUrl_AndSendsPkceStateAndNonce()
    {
        var authorize = await StartAsync("test", system.PublicUrl + "auth/callback?next=%2Fprojects#ignored");
        var query = Query(authorize);
        Assert.StartsWith(system.Provider.Authority, authorize.ToString());
        Assert.Equal("code", query["response_type"]);
        Assert.Equal("S256", query["code_challenge_method"]);
        Assert.Equal(43, query["code_challenge"]!.Length);
        Assert.NotNull(query["nonce"]);
        Assert.Equal(system.PublicUrl + "api/v1/auth/oidc/test/callback", query["redirect_uri"]);

        var login = await system.Provider.AddAccountAsync(ApiClient.NewEmail("oidc-abs"), true);
        var back = await _browser.GetAsync(await _browser.SignInAtProviderAsync(authorize, login));
        Assert.StartsWith(system.PublicUrl + "auth/callback?next=%2Fprojects&code=", back.Headers.Location!.ToString());
    }

    [Fact]
    public async Task Providers_AreListed_UnknownIs404_UnreachableIs503()
    {
        var providers = await _api.GetFromJsonAsync<JsonElement>("/api/v1/auth/oidc/providers");
        Assert.Equal(["down", "second", "test"], providers.EnumerateArray().Select(p => p.GetProperty("name").GetString()!).ToArray());
        Assert.Equal("Test Provider", providers.EnumerateArray().Single(p => p.GetProperty("name").GetString() == "test").GetProperty("displayName").GetString());

        await (await _browser.GetAsync(new Uri(system.GatewayAddress, "/api/v1/auth/oidc/nobody/start?redirectUri=/")))
            .AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await _browser.GetAsync(new Uri(system.GatewayAddress, "/api/v1/auth/oidc/down/start?redirectUri=/")))
            .AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "oidc_provider_unavailable");
    }

    private async Task<Uri> StartAsync(string provider, string redirectUri = ReturnPath)
    {
        var response = await _browser.GetAsync(new Uri(system.GatewayAddress, $"/api/v1/auth/oidc/{provider}/start?redirectUri={Uri.EscapeDataString(redirectUri)}"));
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        return response.Headers.Location!;
    }

    /// <summary>The whole browser round: start, the provider's login, the callback; what the web app is sent back with.</summary>
    private async Task<NameValueCollection> SignInAsync(string login, string provider = "test")
    {
        var callback = await _browser.SignInAtProviderAsync(await StartAsync(provider), login);
        Assert.StartsWith($"{system.PublicUrl}api/v1/auth/oidc/{provider}/callback?", callback.ToString());
        return await Returned(await _browser.GetAsync(callback));
    }

    private Task<HttpResponseMessage> Callback(string provider, string query) =>
        _browser.GetAsync(new Uri(system.GatewayAddress, $"/api/v1/auth/oidc/{provider}/callback{query}"));

    /// <summary>The callback's redirect, which must go to the web app's return path.</summary>
    private async Task<NameValueCollection> Returned(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        var location = response.Headers.Location!;
        Assert.StartsWith(system.PublicUrl + ReturnPath.TrimStart('/') + "?", location.ToString());
        return Query(location);
    }

    private async Task<TokenPair> ExchangeAsync(string code)
    {
        var response = await _api.PostAsJsonAsync("/api/v1/auth/oidc/exchange", new { code });
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<TokenPair>())!;
    }

    private async Task<JsonElement> MeAsync(string token)
    {
        var response = await _api.SendAuthorizedAsync(HttpMethod.Get, "/api/v1/me", token);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static NameValueCollection Query(Uri url) => HttpUtility.ParseQueryString(url.Query);

    private static string StateOf(Uri authorizationUrl) => Query(authorizationUrl)["state"]!;

    public void Dispose()
    {
        _api.Dispose();
        _browser.Dispose();
    }
}
