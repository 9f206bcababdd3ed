namespace PowerAutomation.Grains.Abstractions.Projects;

/// <summary>Project roles, each including the ones below it: owner ⊃ editor ⊃ viewer.</summary>
public static class ProjectRoles
{
    public const string Owner = "owner";
    public const string Editor = "editor";
    public const string Viewer = "viewer";

    public static bool IsKnown(string? role) => role is Owner or Editor or Viewer;

    /// <summary>Whether <paramref name="role"/> grants at least <paramref name="required"/>.</summary>
    public static bool Allows(string? role, string required) => Rank(role) >= Rank(required);

    private static int Rank(string? role) => role switch
    {
        Owner => 3,
        Editor => 2,
        Viewer => 1,
        _ => 0,
    };
}
