namespace PowerAutomation.Grains.Abstractions.Identity;

/// <summary>What a user is: identity, display name and system roles.</summary>
[GenerateSerializer, Immutable, Alias("pa.UserProfile")]
public sealed record UserProfile(
    [property: Id(0)] Guid UserId,
    [property: Id(1)] string Email,
    [property: Id(2)] string DisplayName,
    [property: Id(3)] IReadOnlyList<string> Roles,
    [property: Id(4)] bool MfaEnabled,
    [property: Id(5)] DateTimeOffset CreatedAt);
