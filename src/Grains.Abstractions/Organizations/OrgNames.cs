namespace PowerAutomation.Grains.Abstractions.Organizations;

/// <summary>What an organization name may be (see <see cref="NameRules"/>).</summary>
public static class OrgNames
{
    public const int MaxLength = 100;

    /// <summary>The trimmed name, or null with <paramref name="problem"/> saying what is wrong.</summary>
    public static string? Check(string? name, out string? problem) => NameRules.Check(name, MaxLength, "name", out problem);
}
