using PowerAutomation.Grains.Abstractions.Projects;

namespace PowerAutomation.Grains.Abstractions.Organizations;

/// <summary>Organization roles, each including the ones below it: owner ⊃ admin ⊃ member.</summary>
public static class OrgRoles
{
    public const string Owner = "owner";
    public const string Admin = "admin";
    public const string Member = "member";

    public static bool IsKnown(string? role) => role is Owner or Admin or Member;

    /// <summary>Whether <paramref name="role"/> grants at least <paramref name="required"/>.</summary>
    public static bool Allows(string? role, string required) => Rank(role) >= Rank(required);

    /// <summary>What an org role gives on the org's projects: owners and admins manage them, members edit.</summary>
    public static string? ProjectRole(string? orgRole) => orgRole switch
    {
        Owner or Admin => ProjectRoles.Owner,
        Member => ProjectRoles.Editor,
        _ => null,
    };

    public static int Rank(string? role) => role switch
    {
        Owner => 3,
        Admin => 2,
        Member => 1,
        _ => 0,
    };
}
