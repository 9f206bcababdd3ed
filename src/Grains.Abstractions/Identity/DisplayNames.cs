namespace PowerAutomation.Grains.Abstractions.Identity;

/// <summary>What a display name may be (see <see cref="NameRules"/>).</summary>
public static class DisplayNames
{
    public const int MaxLength = 100;

    /// <summary>The trimmed name, or null with <paramref name="problem"/> saying what is wrong.</summary>
    public static string? Check(string? name, out string? problem) => NameRules.Check(name, MaxLength, "displayName", out problem);
}
