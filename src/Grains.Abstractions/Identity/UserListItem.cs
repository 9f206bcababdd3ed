namespace PowerAutomation.Grains.Abstractions.Identity;

/// <summary>A user as the administrators' list shows them; the edition is the one in force now.</summary>
[GenerateSerializer, Immutable, Alias("pa.UserListItem")]
public sealed record UserListItem(
    [property: Id(0)] Guid UserId,
    [property: Id(1)] string Email,
    [property: Id(2)] string DisplayName,
    [property: Id(3)] IReadOnlyList<string> Roles,
    [property: Id(4)] bool Disabled,
    [property: Id(5)] string Edition,
    [property: Id(6)] DateTimeOffset CreatedAt);
