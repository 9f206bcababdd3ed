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
}
