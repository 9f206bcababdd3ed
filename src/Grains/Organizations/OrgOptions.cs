using System.ComponentModel.DataAnnotations;

namespace PowerAutomation.Grains.Organizations;

/// <summary>Organization settings (configuration section <c>Organizations</c>).</summary>
public sealed class OrgOptions
{
    public const string Section = "Organizations";

    /// <summary>Invitations one organization may have pending at once (an address's own bound is the projects' one, shared).</summary>
    [Range(1, 10000)]
    public int MaxPendingInvitations { get; set; } = 100;

    /// <summary>Members one organization may have (at least the most seats a licence may have).</summary>
    [Range(1, 100000)]
    public int MaxMembers { get; set; } = 10000;

    /// <summary>Licences one organization may hold.</summary>
    [Range(1, 10000)]
    public int MaxLicenses { get; set; } = 100;

    /// <summary>Projects one organization may have.</summary>
    [Range(1, 100000)]
    public int MaxProjects { get; set; } = 10000;
}
