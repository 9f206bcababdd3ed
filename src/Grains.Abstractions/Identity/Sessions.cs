namespace PowerAutomation.Grains.Abstractions.Identity;

/// <summary>One sign-in (a refresh-token family) as its owner sees it.</summary>
[GenerateSerializer, Immutable, Alias("pa.SessionInfo")]
public sealed record SessionInfo(
    [property: Id(0)] Guid SessionId,
    [property: Id(1)] DateTimeOffset CreatedAt,
    [property: Id(2)] DateTimeOffset LastUsedAt,
    [property: Id(3)] string? DeviceId,
    [property: Id(4)] string? IpAddress,
    [property: Id(5)] string? UserAgent);

/// <summary>What a token presented now is worth: the answer of the revocation check behind every access token.</summary>
[GenerateSerializer, Alias("pa.SessionCheck")]
public enum SessionCheck
{
    /// <summary>The user exists, is enabled, and the session (when the token names one) is open.</summary>
    Active = 0,

    /// <summary>The session was ended (signed out, ended from another device, password reset, refresh reuse).</summary>
    Ended = 1,

    /// <summary>An administrator disabled the user.</summary>
    Disabled = 2,

    /// <summary>No such user.</summary>
    Unknown = 3,
}

/// <summary>Outcome of an administrator's change to a user's access (disable, enable, grant or revoke admin).</summary>
[GenerateSerializer, Alias("pa.AdminChangeStatus")]
public enum AdminChangeStatus
{
    Succeeded = 0,
    NotFound = 1,

    /// <summary>The change would leave the system without an enabled administrator.</summary>
    LastAdmin = 2,
}

/// <summary>Where a sign-in came from, kept with its session so its owner recognises it.</summary>
[GenerateSerializer, Immutable, Alias("pa.SessionOrigin")]
public sealed record SessionOrigin(
    [property: Id(0)] string? DeviceId,
    [property: Id(1)] string? IpAddress,
    [property: Id(2)] string? UserAgent);
