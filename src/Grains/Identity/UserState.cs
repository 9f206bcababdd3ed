namespace PowerAutomation.Grains.Identity;

[GenerateSerializer, Alias("pa.UserState")]
public sealed class UserState
{
    [Id(0)] public string? Email { get; set; }

    [Id(1)] public string DisplayName { get; set; } = "";

    [Id(2)] public string? PasswordHash { get; set; }

    [Id(3)] public List<string> Roles { get; set; } = [];

    [Id(4)] public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Confirmed TOTP secret (base32); MFA is on when set.</summary>
    [Id(5)] public string? TotpSecret { get; set; }

    [Id(6)] public string? PendingTotpSecret { get; set; }

    /// <summary>Last accepted TOTP time step, so a code cannot be replayed.</summary>
    [Id(7)] public long LastTotpStep { get; set; }

    [Id(8)] public Dictionary<Guid, RefreshFamily> Sessions { get; set; } = [];

    [Id(9)] public Dictionary<string, ApiKeySummary> ApiKeys { get; set; } = [];

    /// <summary>Licences issued to this user, as their licence grains last reported them.</summary>
    [Id(10)] public Dictionary<string, PowerAutomation.Grains.Abstractions.Licensing.LicenseSummary> Licenses { get; set; } = [];

    /// <summary>Projects this user belongs to, as their project grains last reported them.</summary>
    [Id(11)] public Dictionary<Guid, PowerAutomation.Grains.Abstractions.Projects.ProjectMembership> Projects { get; set; } = [];

    /// <summary>SHA-256 hashes of the unused MFA recovery codes; each works once.</summary>
    [Id(12)] public List<string> RecoveryCodeHashes { get; set; } = [];

    /// <summary>Whether the owner of the address has proved it.</summary>
    [Id(13)] public bool EmailVerified { get; set; }

    /// <summary>Set by an administrator: no sign-in, and tokens and keys already issued stop working.</summary>
    [Id(14)] public bool Disabled { get; set; }

    /// <summary>Provider identities linked to this account, by <c>provider|sub</c>.</summary>
    [Id(25)] public Dictionary<string, OidcLink> OidcLinks { get; set; } = [];

    /// <summary>Organizations this user belongs to, as their grains last reported them.</summary>
    [Id(20)] public Dictionary<Guid, PowerAutomation.Grains.Abstractions.Organizations.OrgMembership> Orgs { get; set; } = [];

    /// <summary>Named seats of organization licences, by licence id, as the licence grains last reported them.</summary>
    [Id(21)] public Dictionary<string, PowerAutomation.Grains.Abstractions.Licensing.LicenseSummary> Seats { get; set; } = [];

    /// <summary>The one live password-reset link (a newer request replaces it); null once used.</summary>
    [Id(15)] public MailedToken? PasswordReset { get; set; }

    /// <summary>The one live e-mail verification link; null once used.</summary>
    [Id(16)] public MailedToken? EmailVerification { get; set; }

    /// <summary>Licences that arrived while nobody had claimed the account: they count once the address is verified.</summary>
    [Id(17)] public HashSet<string> HeldLicenseIds { get; set; } = [];

    // Ids 15-19: e-mail verification and password reset; 20-24: organizations; 25-29: OIDC links;
    // 30-34: device login; 35-39: sessions and MFA at rest. Taken in the issue-13 work, kept apart to merge cleanly.
}

/// <summary>One login's chain of refresh tokens. Spent hashes are kept to recognise reuse.</summary>
[GenerateSerializer, Alias("pa.RefreshFamily")]
public sealed class RefreshFamily
{
    [Id(0)] public string CurrentHash { get; set; } = "";

    [Id(1)] public List<string> SpentHashes { get; set; } = [];

    [Id(2)] public DateTimeOffset CreatedAt { get; set; }

    [Id(3)] public DateTimeOffset ExpiresAt { get; set; }

    [Id(4)] public string? RevokedBecause { get; set; }

    [Id(5)] public string? DeviceId { get; set; }

    /// <summary>Last refresh (or sign-in); the revocation checks in between refine it in memory.</summary>
    [Id(6)] public DateTimeOffset LastUsedAt { get; set; }

    [Id(7)] public string? IpAddress { get; set; }

    [Id(8)] public string? UserAgent { get; set; }
}

[GenerateSerializer, Alias("pa.ApiKeySummary")]
public sealed class ApiKeySummary
{
    [Id(0)] public string Name { get; set; } = "";

    [Id(1)] public DateTimeOffset CreatedAt { get; set; }

    [Id(2)] public DateTimeOffset? ExpiresAt { get; set; }
}

/// <summary>One provider identity that signs in to the account.</summary>
[GenerateSerializer, Alias("pa.OidcLink")]
public sealed class OidcLink
{
    [Id(0)] public string Provider { get; set; } = "";

    [Id(1)] public string Subject { get; set; } = "";

    [Id(2)] public DateTimeOffset LinkedAt { get; set; }

    /// <summary>Whether the provider vouched for the account's address when it linked (or created) it.</summary>
    [Id(3)] public bool AddressVouched { get; set; }

    [Id(4)] public DateTimeOffset? LastSignInAt { get; set; }
}

/// <summary>A mailed single-use secret: only its SHA-256 is kept.</summary>
[GenerateSerializer, Alias("pa.MailedToken")]
public sealed class MailedToken
{
    [Id(0)] public string Hash { get; set; } = "";

    [Id(1)] public DateTimeOffset ExpiresAt { get; set; }
}
