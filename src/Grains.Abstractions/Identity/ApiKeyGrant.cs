namespace PowerAutomation.Grains.Abstractions.Identity;

/// <summary>
/// What an API key may do: its scopes (none: full access) and its own AI spend bound in micro-USD per UTC day
/// (inside the owner's; null: only the owner's applies).
/// </summary>
[GenerateSerializer, Immutable, Alias("pa.ApiKeyGrant")]
public sealed record ApiKeyGrant(
    [property: Id(0)] IReadOnlyList<string> Scopes,
    [property: Id(1)] long? AiSpendPerDay)
{
    /// <summary>The grant of a key made without scopes or limits, and of every key stored before grants existed.</summary>
    public static ApiKeyGrant FullAccess { get; } = new([], null);

    public bool IsFullAccess => Scopes.Count == 0;
}
