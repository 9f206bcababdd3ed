namespace PowerAutomation.Gateway.Identity.Oidc;

/// <summary>
/// Where a sign-in may send the browser back to: only the web app itself (the origin of <c>Gateway:PublicUrl</c>),
/// given as a path or as an absolute URL of that origin. Anything else would make the gateway an open redirect.
/// </summary>
public static class OidcRedirects
{
    public const int MaxLength = 2048;

    /// <summary>The absolute return address, or null when <paramref name="redirectUri"/> leaves the web app.</summary>
    public static Uri? Resolve(string? redirectUri, Uri publicUrl)
    {
        if (string.IsNullOrEmpty(redirectUri) || redirectUri.Length > MaxLength || redirectUri.Any(c => char.IsControl(c) || c == '\\'))
        {
            return null;
        }

        Uri target;
        if (redirectUri.StartsWith('/'))
        {
            // "//host" and "/\host" are other hosts to a browser, not paths.
            if (redirectUri.StartsWith("//", StringComparison.Ordinal))
            {
                return null;
            }

            target = new Uri(new Uri(publicUrl.GetLeftPart(UriPartial.Authority)), redirectUri);
        }
        else if (!Uri.TryCreate(redirectUri, UriKind.Absolute, out target!))
        {
            return null;
        }

        var sameOrigin = string.Equals(target.Scheme, publicUrl.Scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(target.IdnHost, publicUrl.IdnHost, StringComparison.OrdinalIgnoreCase)
            && target.Port == publicUrl.Port
            && string.IsNullOrEmpty(target.UserInfo);
        return sameOrigin ? new Uri(target.GetLeftPart(UriPartial.Query)) : null;
    }

    /// <summary>The return address with one more query parameter (any fragment was dropped by <see cref="Resolve"/>).</summary>
    public static string With(string redirectUri, string name, string value)
    {
        var separator = redirectUri.Contains('?') ? '&' : '?';
        return $"{redirectUri}{separator}{Uri.EscapeDataString(name)}={Uri.EscapeDataString(value)}";
    }

    /// <summary>The provider sends the user back here; it is registered with the provider as the redirect URI.</summary>
    public static string CallbackFor(Uri publicUrl, string provider) =>
        $"{publicUrl.ToString().TrimEnd('/')}/api/v1/auth/oidc/{provider}/callback";
}
