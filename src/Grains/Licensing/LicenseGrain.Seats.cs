using PowerAutomation.Grains.Abstractions.Audit;
using PowerAutomation.Grains.Abstractions.Identity;
using PowerAutomation.Grains.Abstractions.Organizations;

namespace PowerAutomation.Grains.Licensing;

/// <summary>
/// Named seats of an organization licence. The grain is not reentrant and writes before it answers, so N concurrent
/// assignments against K free seats succeed exactly min(N, K) times. The seated user's grain is told after the write;
/// a repeated assignment (idempotent) tells it again, so a failed push is mended by retrying.
/// </summary>
public sealed partial class LicenseGrain
{
    public async Task<string?> AssignSeat(Guid orgId, Guid userId)
    {
        if (state.State.Summary is not { } summary || state.State.OrgId != orgId)
        {
            return OrgErrors.NotFound;
        }

        if (summary.RevokedBecause is not null)
        {
            return OrgErrors.LicenseRevoked;
        }

        if (summary.ExpiresAt <= time.GetUtcNow())
        {
            return OrgErrors.LicenseExpired;
        }

        var holders = state.State.SeatHolders;
        if (!holders.ContainsKey(userId))
        {
            if (holders.Count >= state.State.Seats)
            {
                return OrgErrors.NoSeatsLeft;
            }

            holders[userId] = time.GetUtcNow();
            try
            {
                await state.WriteStateAsync();
            }
            catch
            {
                holders.Remove(userId);
                throw;
            }

            AuditSeat(AuditKinds.OrgSeatAssigned, userId);
        }

        await GrainFactory.GetGrain<IUserGrain>(userId).SetSeat(summary);
        return null;
    }

    public async Task<string?> ReleaseSeat(Guid orgId, Guid userId)
    {
        if (state.State.Summary is null || state.State.OrgId != orgId)
        {
            return OrgErrors.NotFound;
        }

        if (state.State.SeatHolders.Remove(userId, out var since))
        {
            try
            {
                await state.WriteStateAsync();
            }
            catch
            {
                state.State.SeatHolders[userId] = since;
                throw;
            }

            AuditSeat(AuditKinds.OrgSeatReleased, userId);
        }

        await GrainFactory.GetGrain<IUserGrain>(userId).DropSeat(LicenseId);
        return null;
    }

    /// <summary>A revoked organization licence entitles nobody: every seat holder is told (the seat list is kept as it was).</summary>
    private async Task TakeSeatsBackAsync()
    {
        foreach (var chunk in state.State.SeatHolders.Keys.ToList().Chunk(64))
        {
            await Task.WhenAll(chunk.Select(userId => GrainFactory.GetGrain<IUserGrain>(userId).DropSeat(LicenseId)));
        }
    }

    private void AuditSeat(string kind, Guid userId) =>
        auditLog.Append(new AuditEvent(kind, userId, $"org:{state.State.OrgId}", null, $"license {LicenseId}", time.GetUtcNow()));
}
