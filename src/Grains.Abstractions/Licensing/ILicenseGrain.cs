namespace PowerAutomation.Grains.Abstractions.Licensing;

/// <summary>One licence: its signed key, its device seats (exact: one grain decides), leases and revocation.</summary>
[Alias("pa.ILicenseGrain")]
public interface ILicenseGrain : IGrainWithStringKey
{
    /// <summary>
    /// Issues the licence to the user with the e-mail, creating that user when needed. Idempotent: a licence id
    /// already issued answers with what was issued.
    /// </summary>
    [Alias("Issue")]
    Task<LicenseIssued> Issue(LicenseIssue issue);

    /// <summary>Takes a seat for the device (or renews its lease) and signs an activation certificate.</summary>
    [Alias("Activate")]
    Task<ActivationResult> Activate(string licenseKey, string deviceId, string? deviceName);

    /// <summary>Checks the key and device; an active device's check-in renews its lease.</summary>
    [Alias("Validate")]
    Task<ValidationResult> Validate(string licenseKey, string deviceId);

    /// <summary>Releases a device's seat; false when the device holds none.</summary>
    [Alias("Deactivate")]
    Task<bool> Deactivate(string deviceId);

    /// <summary>Revokes the licence for good; false when there is no such licence.</summary>
    [Alias("Revoke")]
    Task<bool> Revoke(string reason);

    /// <summary>The licence and its seats, or null when never issued.</summary>
    [Alias("GetDetails")]
    Task<LicenseDetails?> GetDetails();

    /// <summary>Writes the licence's row of the <c>licenses</c> index again (the read-model repair at silo start).</summary>
    [Alias("Reindex")]
    Task Reindex();

    /// <summary>
    /// Gives <paramref name="userId"/> a named seat of this organization licence (idempotent), decided and written in
    /// one turn so seats are exact; null, or why not (<c>no_seats_left</c>, <c>license_revoked</c>, ...).
    /// </summary>
    [Alias("AssignSeat")]
    Task<string?> AssignSeat(Guid orgId, Guid userId);

    /// <summary>Takes a named seat back (no change when the user holds none); null, or why not.</summary>
    [Alias("ReleaseSeat")]
    Task<string?> ReleaseSeat(Guid orgId, Guid userId);
}

/// <summary>The licence-verification public keys this cluster publishes.</summary>
[Alias("pa.ILicenseKeysGrain")]
public interface ILicenseKeysGrain : IGrainWithIntegerKey
{
    /// <summary>The JWKS document as JSON.</summary>
    [Alias("GetJwks")]
    Task<string> GetJwks();
}
