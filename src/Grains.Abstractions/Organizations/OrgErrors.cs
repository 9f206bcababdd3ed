namespace PowerAutomation.Grains.Abstractions.Organizations;

/// <summary>Why an organization call was refused; the gateway maps each to a status and a stable code.</summary>
public static class OrgErrors
{
    public const string NotFound = "not_found";
    public const string Forbidden = "forbidden";
    public const string LastOwner = "last_owner";
    public const string TooManyInvitations = "too_many_invitations";
    public const string TooManyMembers = "too_many_members";
    public const string InvalidName = "invalid_name";
    public const string NoSeatsLeft = "no_seats_left";
    public const string NotAMember = "not_an_org_member";
    public const string LicenseRevoked = "license_revoked";
    public const string LicenseExpired = "license_expired";
    public const string TooManyLicenses = "too_many_licenses";
}

/// <summary>A refusal an organization grain reports to its caller as a value rather than an exception.</summary>
[GenerateSerializer, Immutable, Alias("pa.OrgResult`1")]
public sealed record OrgResult<T>(
    [property: Id(0)] T? Value,
    [property: Id(1)] string? Error)
{
    public static OrgResult<T> Ok(T value) => new(value, null);

    public static OrgResult<T> Fail(string error) => new(default, error);
}
