using System.ComponentModel.DataAnnotations;

namespace PowerAutomation.Silo.Hosting;

/// <summary>This silo's network identity (section <c>Silo</c>); ports are settable so several silos share a machine.</summary>
public sealed class SiloOptions
{
    public const string Section = "Silo";

    /// <summary>Silo-to-silo port.</summary>
    [Range(1, 65535)]
    public int SiloPort { get; set; } = 11111;

    /// <summary>Port that gateways and embedded clients connect to.</summary>
    [Range(1, 65535)]
    public int GatewayPort { get; set; } = 30000;

    /// <summary>Address other silos and clients reach this silo at.</summary>
    [Required]
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    /// <summary>Listen on all interfaces (containers) instead of the advertised address only.</summary>
    public bool ListenOnAnyHostAddress { get; set; }

    /// <summary>Take the silo's identity from the Kubernetes pod it runs in.</summary>
    public bool Kubernetes { get; set; }

    /// <summary>Apply the SQL migrations at start (a fresh database is made ready by the first silo).</summary>
    public bool MigrateOnStart { get; set; } = true;
}
