using System.ComponentModel.DataAnnotations;
using PowerAutomation.Grains.Abstractions.Licensing;

namespace PowerAutomation.Grains.Licensing;

/// <summary>Licensing settings (section <c>Licensing</c>).</summary>
public sealed class LicensingOptions
{
    public const string Section = "Licensing";

    /// <summary>Signing keys; empty means one generated key kept under PA_HOME/keys.</summary>
    public List<LicenseSigningKey> Keys { get; set; } = [];

    /// <summary>Where the generated key is kept (0600) when no keys are configured; defaults to PA_HOME/keys.</summary>
    public string? GeneratedKeyPath { get; set; }

    /// <summary>Which of <see cref="Keys"/> signs new licences and certificates; the others only verify.</summary>
    public string? ActiveKeyId { get; set; }

    /// <summary>How long an activated device keeps its seat without checking in.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "365.00:00:00")]
    public TimeSpan ActivationLease { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Activations (certificates minted) allowed per licence per hour.</summary>
    [Range(1, 100_000)]
    public int ActivationsPerHour { get; set; } = 30;

    /// <summary>How often a licence's reminder releases lapsed seats (Orleans' minimum reminder period applies).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan LeaseSweepPeriod { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Default limits per edition; a licence's own limits override them member by member. AI spend per day in micro-USD:
    /// $0.50, $5, $20, $100, $1,000.
    /// </summary>
    public Dictionary<string, QuotaLimits> Editions { get; set; } = new(StringComparer.Ordinal)
    {
        [Abstractions.Licensing.Editions.Community] = new(20, 20_000, 10, 60, 500_000),
        [Abstractions.Licensing.Editions.Personal] = new(500, 500_000, 200, 300, 5_000_000),
        [Abstractions.Licensing.Editions.Professional] = new(2_000, 2_000_000, 1_000, 600, 20_000_000),
        [Abstractions.Licensing.Editions.Team] = new(10_000, 10_000_000, 5_000, 1_200, 100_000_000),
        [Abstractions.Licensing.Editions.Enterprise] = new(100_000, 100_000_000, 50_000, 6_000, 1_000_000_000),
    };

    public QuotaLimits DefaultsFor(string edition) =>
        Editions.TryGetValue(edition, out var limits) ? limits.Over(Editions[Abstractions.Licensing.Editions.Community]) : Editions[Abstractions.Licensing.Editions.Community];
}

/// <summary>One configured signing key: the private key to sign with, or just the public key of a retired one.</summary>
public sealed class LicenseSigningKey
{
    public string? KeyId { get; set; }

    public string? PrivateKeyPem { get; set; }

    public string? PublicKeyPem { get; set; }
}
