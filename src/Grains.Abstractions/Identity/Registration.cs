namespace PowerAutomation.Grains.Abstractions.Identity;

/// <summary>A request to create an account. The password arrives in clear and is hashed by the user grain.</summary>
[GenerateSerializer, Immutable, Alias("pa.Registration")]
public sealed record Registration(
    [property: Id(0)] string Email,
    [property: Id(1)] string Password,
    [property: Id(2)] string? DisplayName,
    [property: Id(3)] IReadOnlyList<string> Roles);

/// <summary>Outcome of a registration.</summary>
[GenerateSerializer, Immutable, Alias("pa.RegistrationResult")]
public sealed record RegistrationResult(
    [property: Id(0)] RegistrationStatus Status,
    [property: Id(1)] Guid UserId);

[GenerateSerializer, Alias("pa.RegistrationStatus")]
public enum RegistrationStatus
{
    Created = 0,
    EmailTaken = 1,
}
