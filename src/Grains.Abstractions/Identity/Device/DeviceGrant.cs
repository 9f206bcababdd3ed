namespace PowerAutomation.Grains.Abstractions.Identity.Device;

/// <summary>A device asking to be signed in: which client, its user code, and from where.</summary>
[GenerateSerializer, Immutable, Alias("pa.DeviceGrantRequest")]
public sealed record DeviceGrantRequest(
    [property: Id(0)] string ClientId,
    [property: Id(1)] string UserCode,
    [property: Id(2)] string? DeviceName,
    [property: Id(3)] string? IpAddress);

[GenerateSerializer, Alias("pa.DeviceGrantStartStatus")]
public enum DeviceGrantStartStatus
{
    Started = 0,

    /// <summary>Another pending authorization holds this user code; draw another.</summary>
    UserCodeTaken = 1,

    /// <summary>The client id is not one this system knows.</summary>
    InvalidClient = 2,
}

/// <summary>The outcome of starting: on success when it expires and how often the device may poll.</summary>
[GenerateSerializer, Immutable, Alias("pa.DeviceGrantStarted")]
public sealed record DeviceGrantStarted(
    [property: Id(0)] DeviceGrantStartStatus Status,
    [property: Id(1)] DateTimeOffset ExpiresAt,
    [property: Id(2)] int IntervalSeconds,
    [property: Id(3)] int ExpiresInSeconds);

/// <summary>What a signed-in person sees before approving: who is asking, since when, until when.</summary>
[GenerateSerializer, Immutable, Alias("pa.DeviceGrantInfo")]
public sealed record DeviceGrantInfo(
    [property: Id(0)] string ClientId,
    [property: Id(1)] string? DeviceName,
    [property: Id(2)] DateTimeOffset RequestedAt,
    [property: Id(3)] DateTimeOffset ExpiresAt,
    [property: Id(4)] DeviceGrantStatus Status,
    [property: Id(5)] string? IpAddress);

[GenerateSerializer, Alias("pa.DeviceGrantStatus")]
public enum DeviceGrantStatus
{
    Pending = 0,
    Approved = 1,
    Denied = 2,
    Expired = 3,

    /// <summary>The tokens were handed to the device; the device code is spent.</summary>
    Issued = 4,
}

/// <summary>A signed-in person's answer to a device authorization.</summary>
[GenerateSerializer, Immutable, Alias("pa.DeviceDecision")]
public sealed record DeviceDecision(
    [property: Id(0)] Guid UserId,
    [property: Id(1)] string Email,
    [property: Id(2)] bool Approve,
    [property: Id(3)] string? IpAddress);

[GenerateSerializer, Alias("pa.DeviceDecisionStatus")]
public enum DeviceDecisionStatus
{
    Recorded = 0,
    Unknown = 1,
    Expired = 2,

    /// <summary>Someone already approved or denied it (or the device already has its tokens).</summary>
    AlreadyDecided = 3,
}

[GenerateSerializer, Alias("pa.DevicePollStatus")]
public enum DevicePollStatus
{
    Pending = 0,
    SlowDown = 1,
    Denied = 2,
    Expired = 3,

    /// <summary>No such device code, or it was already exchanged for tokens.</summary>
    Unknown = 4,
    Issued = 5,
}

/// <summary>The answer to one token poll: the status, the interval now in force, and on success the session.</summary>
[GenerateSerializer, Immutable, Alias("pa.DevicePollResult")]
public sealed record DevicePollResult(
    [property: Id(0)] DevicePollStatus Status,
    [property: Id(1)] int IntervalSeconds,
    [property: Id(2)] SessionResult? Session);
