using System.ComponentModel.DataAnnotations;

namespace PowerAutomation.Grains.Identity.Device;

/// <summary>Device sign-in (RFC 8628) settings (configuration section <c>Accounts:Device</c>).</summary>
public sealed class DeviceAuthorizationOptions
{
    public const string Section = "Accounts:Device";

    /// <summary>How long a device code and its user code stay usable.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "01:00:00")]
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The least time between two token polls; a faster poll is told to slow down (and waits 5 s more).</summary>
    [Range(1, 60)]
    public int IntervalSeconds { get; set; } = 5;

    /// <summary>The clients that may start a device sign-in; a request without <c>client_id</c> counts as the first.</summary>
    [MinLength(1)]
    public List<string> ClientIds { get; set; } = ["pa-cli", "pa-desktop"];
}
