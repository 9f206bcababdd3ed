namespace PowerAutomation.Grains.Abstractions.Projects;

/// <summary>What a project name may be (see <see cref="NameRules"/>).</summary>
public static class ProjectNames
{
    public const int MaxLength = 200;

    /// <summary>The trimmed name, or null with <paramref name="problem"/> saying what is wrong.</summary>
    public static string? Check(string? name, out string? problem) => NameRules.Check(name, MaxLength, "name", out problem);
}
