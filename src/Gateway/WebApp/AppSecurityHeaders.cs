namespace PowerAutomation.Gateway.WebApp;

/// <summary>
/// Headers on the app's pages and assets. The app loads only its own scripts and styles and talks only to its
/// own origin (HTTP and WebSocket); CodeMirror sets inline styles on elements, hence <c>style-src 'unsafe-inline'</c>.
/// </summary>
public static class AppSecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; " +
        "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static void Apply(IHeaderDictionary headers)
    {
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.XFrameOptions = "DENY";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
    }
}
