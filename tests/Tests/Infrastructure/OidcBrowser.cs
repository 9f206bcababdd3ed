using System.Net;
using System.Text.RegularExpressions;

namespace PowerAutomation.Tests.Infrastructure;

/// <summary>
/// What a browser does during an OIDC sign-in, over plain HTTP: follows redirects by hand (so each hop can be looked
/// at), keeps the provider's cookies, and fills in oidc-provider's login form.
/// </summary>
public sealed partial class OidcBrowser : IDisposable
{
    private readonly HttpClient _http = new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() })
    {
        Timeout = TimeSpan.FromSeconds(30),
    };

    public Task<HttpResponseMessage> GetAsync(Uri url) => _http.GetAsync(url);

    /// <summary>
    /// From the provider's authorization URL, signs in as <paramref name="login"/> and returns where the provider
    /// sends the browser back to (the gateway's callback with code and state).
    /// </summary>
    public async Task<Uri> SignInAtProviderAsync(Uri authorizationUrl, string login)
    {
        var provider = authorizationUrl.GetLeftPart(UriPartial.Authority);
        var url = authorizationUrl;
        for (var hop = 0; hop < 10; hop++)
        {
            using var response = await _http.GetAsync(url);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                var page = await response.Content.ReadAsStringAsync();
                var action = FormAction().Match(page);
                Assert.True(action.Success, $"The provider's page at {url} has no login form:\n{page}");
                using var submitted = await _http.PostAsync(new Uri(url, WebUtility.HtmlDecode(action.Groups[1].Value)), new FormUrlEncodedContent(
                    new Dictionary<string, string> { ["prompt"] = "login", ["login"] = login, ["password"] = "any" }));
                url = Next(submitted, url);
            }
            else
            {
                url = Next(response, url);
            }

            if (url.GetLeftPart(UriPartial.Authority) != provider)
            {
                return url;
            }
        }

        throw new InvalidOperationException($"The provider never sent the browser back (last at {url}).");
    }

    private static Uri Next(HttpResponseMessage response, Uri from)
    {
        if ((int)response.StatusCode is >= 300 and < 400 && response.Headers.Location is { } location)
        {
            return new Uri(from, location);
        }

        throw new InvalidOperationException($"Expected a redirect from {from}, got {(int)response.StatusCode}.");
    }

    [GeneratedRegex("<form[^>]*action=\"([^\"]+)\"")]
    private static partial Regex FormAction();

    public void Dispose() => _http.Dispose();
}
