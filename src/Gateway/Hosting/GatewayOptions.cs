using System.ComponentModel.DataAnnotations;

namespace PowerAutomation.Gateway.Hosting;

/// <summary>HTTP limits of the gateway (section <c>Gateway</c>).</summary>
public sealed class GatewayOptions
{
    public const string Section = "Gateway";

    /// <summary>Largest request body accepted; bigger ones get 413.</summary>
    [Range(1024, 1024L * 1024 * 1024)]
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Requests per second one client address may make to the whole API (flood control).</summary>
    [Range(1, 1_000_000)]
    public int RequestsPerSecondPerAddress { get; set; } = 5000;

    /// <summary>Requests per minute one client address may make to the sign-in endpoints.</summary>
    [Range(1, 1_000_000)]
    public int AuthRequestsPerMinutePerAddress { get; set; } = 120;

    /// <summary>All request headers together, in bytes; more is 431 <c>headers_too_large</c>.</summary>
    [Range(1024, 1024 * 1024)]
    public int MaxRequestHeaderBytes { get; set; } = 32 * 1024;

    /// <summary>Path and query together, in characters; more is 414 <c>uri_too_long</c>.</summary>
    [Range(256, 256 * 1024)]
    public int MaxRequestTargetBytes { get; set; } = 8 * 1024;

    /// <summary>
    /// Reverse proxies (IP addresses or CIDR networks) whose <c>X-Forwarded-For</c> / <c>X-Forwarded-Proto</c> are
    /// believed; empty (the default) believes nobody's.
    /// </summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>
    /// The address users reach the web app at (scheme, host, port, optional path), used for links in e-mails and
    /// for OIDC and device-login redirects. <c>./pa up</c> sets it to the gateway's loopback URL.
    /// </summary>
    public string PublicUrl { get; set; } = "http://localhost:8080";
}
