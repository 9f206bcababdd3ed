using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PowerAutomation.Grains.Abstractions;
using PowerAutomation.Grains.Abstractions.Audit;
using PowerAutomation.Grains.Abstractions.Identity;
using PowerAutomation.Grains.Abstractions.Licensing;
using PowerAutomation.Grains.Abstractions.Organizations;
using PowerAutomation.Grains.Audit;

namespace PowerAutomation.Grains.Licensing;

/// <summary>
/// One licence. Non-reentrant, so seat counting is exact however many gateways race: every activation is decided
/// and written before the next is looked at. A reminder releases seats whose lease lapsed; activation releases
/// them too, so exactness never waits for the reminder.
/// </summary>
public sealed partial class LicenseGrain(
    [PersistentState("license", StorageNames.Grains)] IPersistentState<LicenseState> state,
    ILicenseSigner signer,
    IOptions<LicensingOptions> options,
    IAuditLog auditLog,
    ILicenseDirectory directory,
    ILogger<LicenseGrain> logger,
    LicensingClock clock) : Grain, ILicenseGrain, IRemindable
{
    private readonly TimeProvider time = clock.Time;

    private const string SweepReminder = "lease-sweep";

    private string LicenseId => this.GetPrimaryKeyString();

    public async Task<LicenseIssued> Issue(LicenseIssue issue)
    {
        // Issuing is idempotent by licence id: a paid order retried by its sender maps to the same licence.
        if (state.State is { Key: { } existingKey, Summary: { } existing })
        {
            return new LicenseIssued(LicenseId, existingKey, existing.OwnerId);
        }

        var owner = await ResolveOwnerAsync(issue);
        var now = time.GetUtcNow();
        var claims = new LicenseClaims(LicenseId, owner.ToString(), issue.Edition, issue.Features, issue.Limits, issue.MaxDevices,
            now.ToUnixTimeSeconds(), issue.ExpiresAt.ToUnixTimeSeconds(), signer.ActiveKeyId);
        state.State.Key = signer.Sign(SignedEnvelope.LicensePrefix, claims);
        state.State.IssuedAt = now;
        state.State.Summary = new LicenseSummary(LicenseId, owner, issue.Edition, issue.Features, issue.Limits, issue.MaxDevices,
            DateTimeOffset.FromUnixTimeSeconds(claims.ExpiresAt), null);
        state.State.OrgId = issue.OrgId;
        state.State.Seats = issue.OrgId is null ? 0 : issue.Seats;
        await state.WriteStateAsync();

        // An organization licence belongs to the organization: its owner is only the contact, entitled by a seat like anyone.
        if (issue.OrgId is null)
        {
            await GrainFactory.GetGrain<IUserGrain>(owner).AttachLicense(state.State.Summary);
        }

        await WriteIndexAsync();
        await this.RegisterOrUpdateReminder(SweepReminder, options.Value.LeaseSweepPeriod, options.Value.LeaseSweepPeriod);
        Audit(AuditKinds.LicenseIssued, $"{issue.Edition} by {issue.IssuedBy}");
        return new LicenseIssued(LicenseId, state.State.Key, owner);
    }

    public async Task<bool> Revoke(string reason)
    {
        if (state.State.Summary is not { } summary)
        {
            return false;
        }

        if (summary.RevokedBecause is null)
        {
            state.State.Summary = summary with { RevokedBecause = string.IsNullOrWhiteSpace(reason) ? "revoked" : reason };
            await state.WriteStateAsync();
            if (state.State.OrgId is null)
            {
                await GrainFactory.GetGrain<IUserGrain>(summary.OwnerId).AttachLicense(state.State.Summary);
            }
            else
            {
                await TakeSeatsBackAsync();
            }

            await WriteIndexAsync();
            Audit(AuditKinds.LicenseRevoked, reason);
        }

        return true;
    }

    public Task<LicenseDetails?> GetDetails() => Task.FromResult(state.State.Summary is { } summary
        ? new LicenseDetails(summary, state.State.Devices.Values.OrderBy(d => d.ActivatedAt).ToList(), state.State.OrgId, state.State.Seats,
            state.State.SeatHolders.OrderBy(h => h.Value).Select(h => h.Key).ToList())
        : null);

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        var summary = state.State.Summary;
        if (summary is null || summary.RevokedBecause is not null || summary.ExpiresAt <= time.GetUtcNow())
        {
            // Nothing left to sweep: a dead licence holds no seats worth releasing.
            if (await this.GetReminder(reminderName) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }

            return;
        }

        if (ReleaseLapsed(time.GetUtcNow()))
        {
            await state.WriteStateAsync();
        }
    }

    public Task Reindex() => state.State.Summary is null ? Task.CompletedTask : WriteIndexAsync();

    /// <summary>
    /// The admin index row. The licence stands whatever happens to it: a failed write is logged and the licence is
    /// missing from (or stale in) the administrators' search until its next change or the repair at silo start.
    /// </summary>
    private async Task WriteIndexAsync()
    {
        var s = state.State.Summary!;
        try
        {
            await directory.UpsertAsync(new LicenseIndexEntry(s.LicenseId, s.OwnerId, s.Edition, s.ExpiresAt, s.MaxDevices,
                s.RevokedBecause is not null, state.State.IssuedAt));
        }
        catch (Exception exception)
        {
            LogIndexFailed(exception, LicenseId);
        }
    }

    /// <summary>
    /// An organization licence's owner is the organization's contact owner (told of the licence first, so it lists it).
    /// A buyer without an account gets one with no password, which they claim by registering with the address.
    /// </summary>
    private async Task<Guid> ResolveOwnerAsync(LicenseIssue issue)
    {
        if (issue.OrgId is { } orgId)
        {
            return await GrainFactory.GetGrain<IOrganizationGrain>(orgId).AttachLicense(LicenseId)
                ?? throw new ArgumentException($"Organization {orgId} does not exist or holds the most licences allowed.");
        }

        var email = EmailAddress.Normalize(issue.Email) ?? throw new ArgumentException($"'{issue.Email}' is not a valid e-mail address.");
        return await GrainFactory.GetGrain<IEmailIndexGrain>(email).ProvideAccount();
    }

    private void Audit(string kind, string? detail) =>
        auditLog.Append(new AuditEvent(kind, state.State.Summary?.OwnerId, LicenseId, null, detail, time.GetUtcNow()));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing the index row of licence {LicenseId} failed; the admin list lags")]
    private partial void LogIndexFailed(Exception exception, string licenseId);
}
