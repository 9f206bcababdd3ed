using Microsoft.AspNetCore.Identity;
using OtpNet;
using PowerAutomation.Grains.Abstractions.Audit;
using PowerAutomation.Grains.Abstractions.Identity;

namespace PowerAutomation.Grains.Identity;

/// <summary>
/// TOTP (RFC 6238) enrolment and verification, with one step of clock drift and no code replay. Once MFA is on,
/// changing or removing it needs the current password or a current code, not only an access token.
/// </summary>
public sealed partial class UserGrain
{
    private const string Issuer = "PowerAutomation";

    public async Task<MfaChangeResult> BeginTotpEnrolment(MfaProof proof)
    {
        EnsureExists();

        // Without MFA the access token is enough: there is no second factor to take over yet.
        if (state.State.TotpSecret is not null && await CheckProofAsync(proof) is { } refused)
        {
            return refused;
        }

        var secret = Base32Encoding.ToString(KeyGeneration.GenerateRandomKey(20));
        state.State.PendingTotpSecret = Seal(secret);
        await state.WriteStateAsync();
        Audit(AuditKinds.MfaEnrolmentStarted, null);

        var uri = new OtpUri(OtpType.Totp, secret, state.State.Email, Issuer).ToString();
        return new MfaChangeResult(MfaChangeStatus.Succeeded, TimeSpan.Zero, new TotpEnrolment(secret, uri), null);
    }

    public async Task<bool> ConfirmTotp(string code)
    {
        EnsureExists();
        var pending = state.State.PendingTotpSecret;
        if (pending is null || !TryAcceptTotp(Unseal(pending), code))
        {
            return false;
        }

        state.State.TotpSecret = pending;
        state.State.PendingTotpSecret = null;
        await state.WriteStateAsync();
        Audit(AuditKinds.MfaEnabled, null);
        return true;
    }

    public async Task<MfaChangeResult> RemoveTotp(MfaProof proof)
    {
        EnsureExists();
        if (state.State.TotpSecret is null)
        {
            return MfaChangeResult.Failed(MfaChangeStatus.NotEnabled);
        }

        if (await CheckProofAsync(proof) is { } refused)
        {
            return refused;
        }

        state.State.TotpSecret = null;
        state.State.PendingTotpSecret = null;
        state.State.RecoveryCodeHashes.Clear();
        await state.WriteStateAsync();
        Audit(AuditKinds.MfaDisabled, null);
        return new MfaChangeResult(MfaChangeStatus.Succeeded, TimeSpan.Zero, null, null);
    }

    public async Task<MfaChangeResult> CreateRecoveryCodes(MfaProof proof)
    {
        EnsureExists();
        if (state.State.TotpSecret is null)
        {
            return MfaChangeResult.Failed(MfaChangeStatus.NotEnabled);
        }

        if (await CheckProofAsync(proof) is { } refused)
        {
            return refused;
        }

        // A fresh set replaces the old one: codes shown before stop working.
        var codes = RecoveryCodes.Generate();
        state.State.RecoveryCodeHashes = codes.Select(RecoveryCodes.Hash).ToList();
        await state.WriteStateAsync();
        Audit(AuditKinds.RecoveryCodesCreated, null);
        return new MfaChangeResult(MfaChangeStatus.Succeeded, TimeSpan.Zero, null, codes);
    }

    /// <summary>
    /// The second factor of a login: a TOTP code, or a recovery code (in either field), used up when it matches.
    /// </summary>
    private SecondFactor CheckSecondFactor(string? totpCode, string? recoveryCode)
    {
        if (string.IsNullOrEmpty(totpCode) && string.IsNullOrEmpty(recoveryCode))
        {
            return SecondFactor.Missing;
        }

        if (!string.IsNullOrEmpty(recoveryCode))
        {
            return TryUseRecoveryCode(recoveryCode) ? SecondFactor.Accepted : SecondFactor.Rejected;
        }

        return TryAcceptTotp(Unseal(state.State.TotpSecret!), totpCode!) || TryUseRecoveryCode(totpCode!)
            ? SecondFactor.Accepted
            : SecondFactor.Rejected;
    }

    private bool TryUseRecoveryCode(string code)
    {
        var normalized = RecoveryCodes.Normalize(code);
        var index = normalized.Length == 0 ? -1 : state.State.RecoveryCodeHashes.FindIndex(stored => SecretHasher.Matches(normalized, stored));
        if (index < 0)
        {
            return false;
        }

        state.State.RecoveryCodeHashes.RemoveAt(index);
        Audit(AuditKinds.RecoveryCodeUsed, $"{state.State.RecoveryCodeHashes.Count} left");
        return true;
    }

    /// <summary>
    /// Null when the proof holds. A proof is a sign-in in disguise, so it goes through the account's login throttle:
    /// reserved before it is checked, given back when it holds.
    /// </summary>
    private async Task<MfaChangeResult?> CheckProofAsync(MfaProof proof)
    {
        if (string.IsNullOrEmpty(proof.Password) && string.IsNullOrEmpty(proof.Code))
        {
            return MfaChangeResult.Failed(MfaChangeStatus.ProofRequired);
        }

        var throttle = GrainFactory.GetGrain<ILoginThrottleGrain>("account:" + state.State.Email);
        var wait = await throttle.TryReserve();
        if (wait > TimeSpan.Zero)
        {
            return MfaChangeResult.Failed(MfaChangeStatus.TooManyAttempts, wait);
        }

        var holds = !string.IsNullOrEmpty(proof.Code) && state.State.TotpSecret is { } secret && TryAcceptTotp(Unseal(secret), proof.Code);
        if (!holds && !string.IsNullOrEmpty(proof.Password))
        {
            holds = await passwords.VerifyAsync(state.State.PasswordHash, proof.Password) != PasswordVerificationResult.Failed;
        }

        if (!holds)
        {
            Audit(AuditKinds.LoginFailed, "invalid_mfa_proof");
            return MfaChangeResult.Failed(MfaChangeStatus.InvalidProof);
        }

        await throttle.Release();
        return null;
    }

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Secrets stored before they were sealed are sealed the first time their user is loaded.
        if (state.State.TotpSecret is { } totp && !Security.SecretSealer.IsSealed(totp)
            || state.State.PendingTotpSecret is { } pending && !Security.SecretSealer.IsSealed(pending))
        {
            state.State.TotpSecret = state.State.TotpSecret is { } confirmed ? Seal(Unseal(confirmed)) : null;
            state.State.PendingTotpSecret = state.State.PendingTotpSecret is { } waiting ? Seal(Unseal(waiting)) : null;
            await state.WriteStateAsync(cancellationToken);
        }

        await base.OnActivateAsync(cancellationToken);
    }

    // TOTP seeds are kept sealed (AES-256-GCM) with the user id as associated data: a copied row opens for nobody else.
    private string Seal(string secret) => sealer.Seal(secret, UserId.ToString("N"));

    private string Unseal(string stored) => sealer.Open(stored, UserId.ToString("N"));

    /// <summary>Accepts a code once: the matched time step must be newer than the last one used.</summary>
    private bool TryAcceptTotp(string base32Secret, string code)
    {
        if (code.Length != 6 || !code.All(char.IsAsciiDigit))
        {
            return false;
        }

        var totp = new Totp(Base32Encoding.ToBytes(base32Secret));
        var now = time.GetUtcNow().UtcDateTime;
        if (!totp.VerifyTotp(now, code, out var step, VerificationWindow.RfcSpecifiedNetworkDelay)
            || step <= state.State.LastTotpStep)
        {
            return false;
        }

        state.State.LastTotpStep = step;
        return true;
    }

    private enum SecondFactor
    {
        Missing,
        Accepted,
        Rejected,
    }
}
