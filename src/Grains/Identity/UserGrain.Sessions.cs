using Microsoft.AspNetCore.Identity;
using PowerAutomation.Grains.Abstractions.Audit;
using PowerAutomation.Grains.Abstractions.Identity;

namespace PowerAutomation.Grains.Identity;

/// <summary>Login and refresh-token families: rotation on every refresh, reuse revokes the family.</summary>
public sealed partial class UserGrain
{
    private const int SpentHashesKept = 64;

    public async Task<SessionResult> Login(LoginAttempt attempt)
    {
        // Always one full verification: no account and an over-long password cost what a wrong password does.
        var verified = await passwords.VerifyAsync(Exists ? state.State.PasswordHash : null, attempt.Password);
        if (verified == PasswordVerificationResult.Failed)
        {
            Audit(AuditKinds.LoginFailed, "invalid_credentials", attempt.IpAddress);
            return SessionResult.Failed(SessionStatus.InvalidCredentials);
        }

        if (verified == PasswordVerificationResult.SuccessRehashNeeded)
        {
            state.State.PasswordHash = await passwords.HashAsync(attempt.Password);
        }

        if (state.State.TotpSecret is not null)
        {
            switch (CheckSecondFactor(attempt.TotpCode, attempt.RecoveryCode))
            {
                case SecondFactor.Missing:
                    return SessionResult.Failed(SessionStatus.MfaRequired);
                case SecondFactor.Rejected:
                    Audit(AuditKinds.LoginFailed, "invalid_mfa_code", attempt.IpAddress);
                    return SessionResult.Failed(SessionStatus.InvalidMfaCode);
            }
        }

        if (state.State.Disabled)
        {
            Audit(AuditKinds.LoginFailed, "account_disabled", attempt.IpAddress);
            return SessionResult.Failed(SessionStatus.AccountDisabled);
        }

        var token = OpenSession(new SessionOrigin(attempt.DeviceId, attempt.IpAddress, attempt.UserAgent));
        await state.WriteStateAsync();
        Audit(AuditKinds.LoginSucceeded, attempt.DeviceId, attempt.IpAddress);
        return new SessionResult(SessionStatus.Succeeded, ToProfile(), token.ToString());
    }

    public async Task<SessionResult> Refresh(Guid familyId, string secret)
    {
        var now = time.GetUtcNow();
        if (!state.State.Sessions.TryGetValue(familyId, out var family) || family.ExpiresAt <= now)
        {
            return SessionResult.Failed(SessionStatus.InvalidToken);
        }

        if (state.State.Disabled)
        {
            return SessionResult.Failed(SessionStatus.AccountDisabled);
        }

        var hash = SecretHasher.Hash(secret);
        if (family.RevokedBecause is not null)
        {
            return SessionResult.Failed(family.RevokedBecause == "reuse" && IsKnown(family, hash)
                ? SessionStatus.TokenReused
                : SessionStatus.InvalidToken);
        }

        if (SecretHasher.Matches(secret, family.CurrentHash))
        {
            var next = SecretHasher.NewSecret();
            family.SpentHashes.Add(family.CurrentHash);
            if (family.SpentHashes.Count > SpentHashesKept)
            {
                family.SpentHashes.RemoveAt(0);
            }

            family.CurrentHash = SecretHasher.Hash(next);
            family.ExpiresAt = now + options.Value.RefreshTokenLifetime;
            family.LastUsedAt = now;
            await state.WriteStateAsync();
            return new SessionResult(SessionStatus.Succeeded, ToProfile(), new RefreshToken(UserId, familyId, next).ToString());
        }

        if (family.SpentHashes.Contains(hash))
        {
            // A spent token came back: someone holds a copy. Revoke the whole family so neither copy works.
            family.RevokedBecause = "reuse";
            await state.WriteStateAsync();
            Audit(AuditKinds.RefreshTokenReused, familyId.ToString("N"));
            return SessionResult.Failed(SessionStatus.TokenReused);
        }

        return SessionResult.Failed(SessionStatus.InvalidToken);
    }

    public async Task Logout(Guid familyId, string secret)
    {
        if (state.State.Sessions.TryGetValue(familyId, out var family)
            && family.RevokedBecause is null
            && SecretHasher.Matches(secret, family.CurrentHash))
        {
            family.RevokedBecause = "logout";
            await state.WriteStateAsync();
            Audit(AuditKinds.LoggedOut, familyId.ToString("N"));
        }
    }

    private static bool IsKnown(RefreshFamily family, string hash) =>
        family.CurrentHash == hash || family.SpentHashes.Contains(hash);

    /// <summary>Opens a new refresh-token family (the caller writes the state); the oldest goes when there are too many.</summary>
    private RefreshToken OpenSession(SessionOrigin origin)
    {
        var now = time.GetUtcNow();
        var sessions = state.State.Sessions;
        foreach (var stale in sessions.Where(s => s.Value.ExpiresAt <= now).Select(s => s.Key).ToList())
        {
            sessions.Remove(stale);
        }

        while (sessions.Count >= options.Value.MaxSessionsPerUser)
        {
            sessions.Remove(sessions.MinBy(s => s.Value.CreatedAt).Key);
        }

        var secret = SecretHasher.NewSecret();
        var familyId = Guid.NewGuid();
        sessions[familyId] = new RefreshFamily
        {
            CurrentHash = SecretHasher.Hash(secret),
            CreatedAt = now,
            ExpiresAt = now + options.Value.RefreshTokenLifetime,
            LastUsedAt = now,
            DeviceId = origin.DeviceId,
            IpAddress = origin.IpAddress,
            UserAgent = Truncate(origin.UserAgent, 200),
        };
        return new RefreshToken(UserId, familyId, secret);
    }

    private static string? Truncate(string? text, int length) => text is null || text.Length <= length ? text : text[..length];
}
