using PowerAutomation.Grains.Abstractions.Licensing;

namespace PowerAutomation.Grains.Licensing;

[GenerateSerializer, Alias("pa.LicenseState")]
public sealed class LicenseState
{
    /// <summary>The signed key; a presented key is genuine exactly when it equals this one.</summary>
    [Id(0)] public string? Key { get; set; }

    [Id(1)] public LicenseSummary? Summary { get; set; }

    [Id(2)] public DateTimeOffset IssuedAt { get; set; }

    [Id(3)] public Dictionary<string, DeviceSeat> Devices { get; set; } = [];

    /// <summary>When certificates were minted in the last hour, for the activation rate limit.</summary>
    [Id(4)] public List<DateTimeOffset> RecentActivations { get; set; } = [];

    /// <summary>The organization holding the licence, when it is an organization licence with named seats.</summary>
    [Id(5)] public Guid? OrgId { get; set; }

    /// <summary>How many named seats an organization licence has.</summary>
    [Id(6)] public int Seats { get; set; }

    /// <summary>The users holding a named seat, with when they got it.</summary>
    [Id(7)] public Dictionary<Guid, DateTimeOffset> SeatHolders { get; set; } = [];
}
