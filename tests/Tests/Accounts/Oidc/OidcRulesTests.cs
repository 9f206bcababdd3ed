using Microsoft.Extensions.Options;
using PowerAutomation.Gateway.Identity.Oidc;

namespace PowerAutomation.Tests.Accounts.Oidc;

/// <summary>The pure parts of OIDC sign-in: where the browser may be sent back to, PKCE, the configuration's checks.</summary>
public sealed class OidcRulesTests
{
    private static readonly Uri PublicUrl = new("https://app.example.com");

    [Theory]
    [InlineData("/auth/callback", "https://app.example.com/auth/callback")]
    [InlineData("/auth/callback?next=%2Fx#frag", "https://app.example.com/auth/callback?next=%2Fx")]
    [InlineData("https://app.example.com/auth/callback", "https://app.example.com/auth/callback")]
    [InlineData("https://APP.example.com:443/a", "https://app.example.com/a")]
    public void Redirect_OnTheWebApp_IsAccepted(string given, string expected) =>
        Assert.Equal(expected, OidcRedirects.Resolve(given, PublicUrl)?.ToString());

    [Theory]
    [InlineData("https://evil.example/auth/callback")]
    [InlineData("https://app.example.com.evil.example/")]
    [InlineData("https://user@app.example.com/")]
    [InlineData("http://app.example.com/auth/callback")]
    [InlineData("https://app.example.com:8443/")]
    [InlineData("//evil.example/x")]
    [InlineData("/\\evil.example")]
    [InlineData("/\tevil")]
    [InlineData("javascript:alert(1)")]
    [InlineData("data:text/html,hi")]
    [InlineData("relative/path")]
    [InlineData("")]
    [InlineData(null)]
    public void Redirect_LeavingTheWebApp_IsRefused(string? given) => Assert.Null(OidcRedirects.Resolve(given, PublicUrl));

    [Fact]
    public void Redirect_OverTheBound_IsRefused() => Assert.Null(OidcRedirects.Resolve("/" + new string('a', OidcRedirects.MaxLength), PublicUrl));

    [Fact]
    public void Pkce_S256_MatchesRfc7636AppendixB() =>
        Assert.Equal("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", Pkce.Challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"));

    [Fact]
    public void Options_NameTheSettingAtFault()
    {
        var options = new OidcOptions();
        options.Providers["good"] = new OidcProviderOptions { Authority = "https://id.example.com", ClientId = "a", ClientSecret = "b" };
        options.Providers["Bad Name"] = new OidcProviderOptions { Authority = "http://id.example.com", Scopes = "email" };
        var result = new OidcOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        var failures = result.Failures!.ToList();
        Assert.Contains(failures, f => f.StartsWith("Auth:Oidc:Bad Name: a provider name", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Auth:Oidc:Bad Name:Authority", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Auth:Oidc:Bad Name:ClientId", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Auth:Oidc:Bad Name:ClientSecret", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Auth:Oidc:Bad Name:Scopes", StringComparison.Ordinal));
        Assert.DoesNotContain(failures, f => f.Contains(":good", StringComparison.Ordinal));
        Assert.Equal(ValidateOptionsResult.Success, new OidcOptionsValidator().Validate(null, new OidcOptions()));
    }
}
