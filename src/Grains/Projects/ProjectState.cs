namespace PowerAutomation.Grains.Projects;

[GenerateSerializer, Alias("pa.ProjectState")]
public sealed class ProjectState
{
    [Id(0)] public string Name { get; set; } = "";

    [Id(1)] public Dictionary<Guid, string> Members { get; set; } = [];

    /// <summary>Document ids by path.</summary>
    [Id(2)] public Dictionary<string, Guid> Documents { get; set; } = new(StringComparer.Ordinal);

    [Id(3)] public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Pending invitations by the invitee's normalised e-mail.</summary>
    [Id(4)] public Dictionary<string, PendingInvitation> Invitations { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// A tombstone: nobody has access any more. Members, documents and invitations are kept until the clean-up that
    /// follows has finished, so an interrupted one can be finished by an owner's retry.
    /// </summary>
    [Id(5)] public bool Deleted { get; set; }

    /// <summary>The organization the project belongs to, whose members get access by their org role; null for a personal project.</summary>
    [Id(6)] public Guid? OrgId { get; set; }
}

[GenerateSerializer, Alias("pa.PendingInvitation")]
public sealed class PendingInvitation
{
    [Id(0)] public Guid InvitationId { get; set; }

    [Id(1)] public string Role { get; set; } = "";

    [Id(2)] public Guid InvitedBy { get; set; }

    [Id(3)] public DateTimeOffset CreatedAt { get; set; }
}
