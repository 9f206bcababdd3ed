namespace PowerAutomation.Grains.Abstractions.Identity;

/// <summary>What a user is: identity, display name and system roles.</summary>
[GenerateSerializer, Immutable, Alias("pa.UserProfile")]
public sealed record UserProfile(
    [property: Id(0)] Guid UserId,
    [property: Id(1)] string Email,
    [property: Id(2)] string DisplayName,
    [property: Id(3)] IReadOnlyList<string> Roles,
    [property: Id(4)] bool MfaEnabled,
    [property: Id(5)] DateTimeOffset CreatedAt)
{
    /// <summary>Whether the owner of the address has proved it (by a mailed link, or a provider that vouches for it).</summary>
    [Id(6)] public bool EmailVerified { get; init; }

    /// <summary>A disabled user can neither sign in nor use a token or key they already hold.</summary>
    [Id(7)] public bool Disabled { get; init; }
}
