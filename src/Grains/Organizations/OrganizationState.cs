namespace PowerAutomation.Grains.Organizations;

[GenerateSerializer, Alias("pa.OrganizationState")]
public sealed class OrganizationState
{
    [Id(0)] public string Name { get; set; } = "";

    [Id(1)] public Dictionary<Guid, OrgMemberEntry> Members { get; set; } = [];

    /// <summary>Pending invitations by the invitee's normalised e-mail.</summary>
    [Id(2)] public Dictionary<string, OrgPendingInvitation> Invitations { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Ids of the licences issued to the organization, in issue order.</summary>
    [Id(3)] public List<string> Licenses { get; set; } = [];

    /// <summary>The organization's projects: names by id.</summary>
    [Id(4)] public Dictionary<Guid, string> Projects { get; set; } = [];

    [Id(5)] public DateTimeOffset CreatedAt { get; set; }
}

[GenerateSerializer, Alias("pa.OrgMemberEntry")]
public sealed class OrgMemberEntry
{
    [Id(0)] public string Role { get; set; } = "";

    [Id(1)] public DateTimeOffset JoinedAt { get; set; }
}

[GenerateSerializer, Alias("pa.OrgPendingInvitation")]
public sealed class OrgPendingInvitation
{
    [Id(0)] public Guid InvitationId { get; set; }

    [Id(1)] public string Role { get; set; } = "";

    [Id(2)] public Guid InvitedBy { get; set; }

    [Id(3)] public DateTimeOffset CreatedAt { get; set; }
}
