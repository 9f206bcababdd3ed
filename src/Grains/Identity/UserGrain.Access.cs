using PowerAutomation.Grains.Abstractions.Audit;
using PowerAutomation.Grains.Abstractions.Identity;

namespace PowerAutomation.Grains.Identity;

/// <summary>
/// Sessions as their owner manages them, the revocation check behind access tokens, and an administrator's switch
/// that disables a user. Ending a session revokes its refresh family; its access tokens fail at the next check.
/// </summary>
public sealed partial class UserGrain
{
    // Checks happen every few seconds per session: remembered here, not written, so a check never costs a write.
    private readonly Dictionary<Guid, DateTimeOffset> _seenAt = [];

    public Task<SessionCheck> CheckSession(Guid? sessionId)
    {
        if (!Exists)
        {
            return Task.FromResult(SessionCheck.Unknown);
        }

        if (state.State.Disabled)
        {
            return Task.FromResult(SessionCheck.Disabled);
        }

        if (sessionId is not { } id)
        {
            return Task.FromResult(SessionCheck.Active);
        }

        if (OpenFamily(id) is null)
        {
            return Task.FromResult(SessionCheck.Ended);
        }

        _seenAt[id] = time.GetUtcNow();
        return Task.FromResult(SessionCheck.Active);
    }

    public Task<IReadOnlyList<SessionInfo>> GetSessions()
    {
        var now = time.GetUtcNow();
        IReadOnlyList<SessionInfo> sessions = state.State.Sessions
            .Where(s => s.Value.RevokedBecause is null && s.Value.ExpiresAt > now)
            .Select(s => new SessionInfo(s.Key, s.Value.CreatedAt, LastUsed(s.Key, s.Value), s.Value.DeviceId, s.Value.IpAddress, s.Value.UserAgent))
            .OrderByDescending(s => s.CreatedAt)
            .ToList();
        return Task.FromResult(sessions);
    }

    public async Task<bool> EndSession(Guid sessionId)
    {
        if (OpenFamily(sessionId) is not { } family)
        {
            return false;
        }

        family.RevokedBecause = "ended";
        await state.WriteStateAsync();
        Audit(AuditKinds.SessionEnded, sessionId.ToString("N"));
        return true;
    }

    public async Task<int> EndOtherSessions(Guid? keep, string reason)
    {
        var ended = EndSessions(keep, reason);
        if (ended > 0)
        {
            await state.WriteStateAsync();
            Audit(AuditKinds.SessionEnded, $"{ended} sessions ({reason})");
        }

        return ended;
    }

    public async Task<UserProfile?> SetDisabled(bool disabled, Guid? by)
    {
        if (!Exists)
        {
            return null;
        }

        if (state.State.Disabled != disabled)
        {
            state.State.Disabled = disabled;

            // Re-enabling does not bring old sign-ins back: the user signs in again.
            if (disabled)
            {
                EndSessions(keep: null, "disabled");
            }

            await state.WriteStateAsync();
            Audit(disabled ? AuditKinds.UserDisabled : AuditKinds.UserEnabled, by?.ToString());
        }

        var profile = ToProfile();
        await directory.UpsertAsync(profile);
        return profile;
    }

    public async Task<UserProfile?> RevokeRole(string role, Guid? by)
    {
        if (!Exists)
        {
            return null;
        }

        if (role != Roles.Member && state.State.Roles.Remove(role))
        {
            // Access tokens carry roles: ending the sessions takes the role out of circulation at the next check.
            EndSessions(keep: null, "role_revoked");
            await state.WriteStateAsync();
            Audit(AuditKinds.RoleRevoked, by is null ? role : $"{role} by {by}");
        }

        var profile = ToProfile();
        await directory.UpsertAsync(profile);
        return profile;
    }

    /// <summary>Revokes every open family but <paramref name="keep"/>; the caller writes the state.</summary>
    private int EndSessions(Guid? keep, string reason)
    {
        var ended = 0;
        foreach (var (id, family) in state.State.Sessions)
        {
            if (id != keep && family.RevokedBecause is null)
            {
                family.RevokedBecause = reason;
                ended++;
            }
        }

        return ended;
    }

    private RefreshFamily? OpenFamily(Guid sessionId) =>
        state.State.Sessions.TryGetValue(sessionId, out var family) && family.RevokedBecause is null && family.ExpiresAt > time.GetUtcNow()
            ? family
            : null;

    private DateTimeOffset LastUsed(Guid id, RefreshFamily family)
    {
        var persisted = family.LastUsedAt == default ? family.CreatedAt : family.LastUsedAt;
        return _seenAt.TryGetValue(id, out var seen) && seen > persisted ? seen : persisted;
    }
}
