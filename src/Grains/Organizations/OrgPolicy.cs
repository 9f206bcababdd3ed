using PowerAutomation.Grains.Abstractions.Organizations;

namespace PowerAutomation.Grains.Organizations;

/// <summary>
/// Who may change whom in an organization, as pure rules: owners anything; admins only admins and members (never an
/// owner, never to owner); members only leave. The last owner stays (the caller counts owners).
/// </summary>
public static class OrgPolicy
{
    /// <summary>Why <paramref name="actor"/> may not remove <paramref name="target"/>, or null.</summary>
    public static string? RemoveRefusal(string actorRole, string targetRole, bool self, int owners)
    {
        var allowed = self || actorRole == OrgRoles.Owner || (actorRole == OrgRoles.Admin && targetRole != OrgRoles.Owner);
        if (!allowed)
        {
            return OrgErrors.Forbidden;
        }

        return targetRole == OrgRoles.Owner && owners <= 1 ? OrgErrors.LastOwner : null;
    }

    /// <summary>Why <paramref name="actor"/> may not give <paramref name="target"/> the role <paramref name="role"/>, or null.</summary>
    public static string? RoleChangeRefusal(string actorRole, string targetRole, string role, int owners) => (actorRole, targetRole) switch
    {
        (OrgRoles.Owner, OrgRoles.Owner) when role != OrgRoles.Owner && owners <= 1 => OrgErrors.LastOwner,
        (OrgRoles.Owner, _) => null,
        (OrgRoles.Admin, OrgRoles.Admin or OrgRoles.Member) when role != OrgRoles.Owner => null,
        _ => OrgErrors.Forbidden,
    };

    /// <summary>Why <paramref name="actor"/> may not invite someone as <paramref name="role"/>, or null.</summary>
    public static string? InviteRefusal(string actorRole, string role) => actorRole switch
    {
        OrgRoles.Owner => null,
        OrgRoles.Admin when role != OrgRoles.Owner => null,
        _ => OrgErrors.Forbidden,
    };
}
