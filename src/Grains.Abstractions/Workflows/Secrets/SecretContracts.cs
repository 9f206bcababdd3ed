namespace PowerAutomation.Grains.Abstractions.Workflows.Secrets;

/// <summary>A secret as its owner may list it: the name and when it was last written, never the value.</summary>
[GenerateSerializer, Immutable, Alias("pa.SecretListItem")]
public sealed record SecretListItem(
    [property: Id(0)] string Name,
    [property: Id(1)] DateTimeOffset UpdatedAt);

/// <summary>
/// The values of the secrets a step asked for, the names its owner has no secret for, and those whose stored value
/// no configured key opens (its key was dropped from <c>Workflows:PreviousSecretsKeys</c> too early).
/// </summary>
[GenerateSerializer, Immutable, Alias("pa.RevealedSecrets")]
public sealed record RevealedSecrets(
    [property: Id(0)] IReadOnlyDictionary<string, string> Values,
    [property: Id(1)] IReadOnlyList<string> Missing,
    [property: Id(2)] IReadOnlyList<string> Unreadable);
