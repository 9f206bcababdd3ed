namespace PowerAutomation.Grains.Abstractions.Licensing;

/// <summary>A licence in the administrators' list: its owner's e-mail and how many seats are taken now.</summary>
[GenerateSerializer, Immutable, Alias("pa.LicenseListItem")]
public sealed record LicenseListItem(
    [property: Id(0)] string LicenseId,
    [property: Id(1)] Guid OwnerId,
    [property: Id(2)] string Email,
    [property: Id(3)] string Edition,
    [property: Id(4)] DateTimeOffset ExpiresAt,
    [property: Id(5)] int MaxDevices,
    [property: Id(6)] int Devices,
    [property: Id(7)] bool Revoked,
    [property: Id(8)] DateTimeOffset IssuedAt);

/// <summary>A licence's row in the <c>licenses</c> index, written by the licence grain on issue and revocation.</summary>
[GenerateSerializer, Immutable, Alias("pa.LicenseIndexEntry")]
public sealed record LicenseIndexEntry(
    [property: Id(0)] string LicenseId,
    [property: Id(1)] Guid OwnerId,
    [property: Id(2)] string Edition,
    [property: Id(3)] DateTimeOffset ExpiresAt,
    [property: Id(4)] int MaxDevices,
    [property: Id(5)] bool Revoked,
    [property: Id(6)] DateTimeOffset IssuedAt);
