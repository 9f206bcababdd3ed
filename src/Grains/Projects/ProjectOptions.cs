using System.ComponentModel.DataAnnotations;

namespace PowerAutomation.Grains.Projects;

/// <summary>Project settings (configuration section <c>Projects</c>).</summary>
public sealed class ProjectOptions
{
    public const string Section = "Projects";

    /// <summary>Invitations one project may have pending at once.</summary>
    [Range(1, 10000)]
    public int MaxPendingInvitationsPerProject { get; set; } = 100;

    /// <summary>Invitations one e-mail address may have pending at once, from all projects together.</summary>
    [Range(1, 10000)]
    public int MaxPendingInvitationsPerAddress { get; set; } = 100;
}
