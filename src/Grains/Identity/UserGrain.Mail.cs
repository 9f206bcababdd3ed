using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PowerAutomation.Grains.Abstractions.Audit;
using PowerAutomation.Grains.Abstractions.Identity;
using PowerAutomation.Grains.Abstractions.Licensing;
using PowerAutomation.Grains.Abstractions.Quotas;
using PowerAutomation.Grains.Email;

namespace PowerAutomation.Grains.Identity;

/// <summary>
/// Password reset, e-mail verification and changing the password. Mailed secrets are single use and only their hash
/// is kept; one live secret of each kind, so a newer request supersedes the older link. The grain is not reentrant,
/// so two confirmations with one secret are decided one after the other: exactly one succeeds.
/// </summary>
public sealed partial class UserGrain
{
    // Resolved here rather than in the constructor, so the issue-13 partials merge without all editing it.
    private IMailOutbox Outbox => ServiceProvider.GetRequiredService<IMailOutbox>();

    private AccountMailOptions MailOptions => ServiceProvider.GetRequiredService<IOptions<AccountMailOptions>>().Value;

    private MailLinkOptions Links => ServiceProvider.GetRequiredService<IOptions<MailLinkOptions>>().Value;

    private DateTimeOffset MailNow => (ServiceProvider.GetService<AccountMailClock>()?.Time ?? time).GetUtcNow();

    public async Task RequestPasswordReset(string? ipAddress)
    {
        if (!Exists || state.State.Disabled)
        {
            return;
        }

        var lifetime = MailOptions.ResetTokenLifetime;
        var token = NewToken(lifetime, out var stored);
        state.State.PasswordReset = stored;
        await state.WriteStateAsync();
        await Outbox.EnqueueAsync(AccountMailTemplates.PasswordReset(state.State.Email!, Links.Link("reset-password", token), lifetime));
        Audit(AuditKinds.PasswordResetRequested, null, ipAddress);
    }

    public async Task<bool> ResetPassword(string secret, string newPassword, string? ipAddress)
    {
        if (!Exists || !Holds(state.State.PasswordReset, secret))
        {
            return false;
        }

        // Everything that can fail comes before the write: a refused reset changes nothing.
        var hash = await passwords.HashAsync(newPassword);
        state.State.PasswordHash = hash;
        state.State.PasswordReset = null;
        EndSessions(keep: null, "password_reset");
        var newlyVerified = MarkVerified();
        await state.WriteStateAsync();
        Audit(AuditKinds.PasswordResetUsed, null, ipAddress);

        // Whoever proved the mailbox owns the account: provider identities that never vouched for the address go.
        await ForgetUnvouchedOidcLinks();

        // The account's owner proved the mailbox: failed guesses before the reset no longer lock them out.
        await GrainFactory.GetGrain<ILoginThrottleGrain>("account:" + state.State.Email).Reset();
        await AfterVerifiedAsync(newlyVerified);
        return true;
    }

    public async Task<VerificationMailStatus> SendVerificationEmail()
    {
        EnsureExists();
        if (state.State.EmailVerified)
        {
            return VerificationMailStatus.AlreadyVerified;
        }

        var lifetime = MailOptions.VerificationTokenLifetime;
        var token = NewToken(lifetime, out var stored);
        state.State.EmailVerification = stored;
        await state.WriteStateAsync();
        await Outbox.EnqueueAsync(AccountMailTemplates.EmailVerification(state.State.Email!, Links.Link("verify-email", token), lifetime));
        Audit(AuditKinds.EmailVerificationSent, null);
        return VerificationMailStatus.Sent;
    }

    public async Task<bool> VerifyEmail(string secret)
    {
        if (!Exists || !Holds(state.State.EmailVerification, secret))
        {
            return false;
        }

        state.State.EmailVerification = null;
        var newlyVerified = MarkVerified();
        await state.WriteStateAsync();
        await ForgetUnvouchedOidcLinks();
        await AfterVerifiedAsync(newlyVerified);
        return true;
    }

    public async Task<PasswordChangeResult> ChangePassword(string currentPassword, string newPassword, Guid? keepSession)
    {
        EnsureExists();

        // A wrong current password is a failed sign-in: reserved on the account's throttle before it is checked.
        var throttle = GrainFactory.GetGrain<ILoginThrottleGrain>("account:" + state.State.Email);
        var wait = await throttle.TryReserve();
        if (wait > TimeSpan.Zero)
        {
            return new PasswordChangeResult(PasswordChangeStatus.TooManyAttempts, wait);
        }

        if (await passwords.VerifyAsync(state.State.PasswordHash, currentPassword) == PasswordVerificationResult.Failed)
        {
            Audit(AuditKinds.LoginFailed, "invalid_current_password");
            return new PasswordChangeResult(PasswordChangeStatus.InvalidCredentials, TimeSpan.Zero);
        }

        await throttle.Release();
        state.State.PasswordHash = await passwords.HashAsync(newPassword);
        EndSessions(keepSession, "password_changed");
        await state.WriteStateAsync();
        Audit(AuditKinds.PasswordChanged, keepSession is null ? "all sessions ended" : "other sessions ended");
        return new PasswordChangeResult(PasswordChangeStatus.Succeeded, TimeSpan.Zero);
    }

    /// <summary>A licence attached before anyone claimed the account waits for the address to be verified.</summary>
    private void HoldIfUnclaimed(string licenseId)
    {
        if (state.State.PasswordHash is null && !state.State.EmailVerified)
        {
            state.State.HeldLicenseIds.Add(licenseId);
        }
    }

    private bool IsHeld(LicenseSummary license) => state.State.HeldLicenseIds.Contains(license.LicenseId);

    private string NewToken(TimeSpan lifetime, out MailedToken stored)
    {
        var token = new AccountToken(UserId, SecretHasher.NewSecret());
        stored = new MailedToken { Hash = SecretHasher.Hash(token.Secret), ExpiresAt = MailNow + lifetime };
        return token.ToString();
    }

    private bool Holds(MailedToken? stored, string secret) =>
        stored is not null && stored.ExpiresAt > MailNow && SecretHasher.Matches(secret, stored.Hash);

    private bool MarkVerified()
    {
        if (state.State.EmailVerified)
        {
            return false;
        }

        state.State.EmailVerified = true;
        state.State.EmailVerification = null;
        return true;
    }

    /// <summary>Once verified: the read model says so, and held licences count (the quota grains are told).</summary>
    private async Task AfterVerifiedAsync(bool newlyVerified)
    {
        if (!newlyVerified)
        {
            return;
        }

        Audit(AuditKinds.EmailVerified, null);
        var released = state.State.HeldLicenseIds.Count > 0;
        if (released)
        {
            state.State.HeldLicenseIds.Clear();
            await state.WriteStateAsync();
        }

        await directory.UpsertAsync(ToProfile());
        if (released)
        {
            var entitlements = Entitle();
            var quotaKeys = state.State.ApiKeys.Keys.Select(keyId => QuotaKeys.ForApiKey(UserId, keyId)).Append(QuotaKeys.ForUser(UserId));
            await Task.WhenAll(quotaKeys.Select(key => GrainFactory.GetGrain<IQuotaGrain>(key).SetEntitlements(entitlements)));
        }
    }
}
