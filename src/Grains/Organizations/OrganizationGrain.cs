using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PowerAutomation.Grains.Abstractions;
using PowerAutomation.Grains.Abstractions.Audit;
using PowerAutomation.Grains.Abstractions.Identity;
using PowerAutomation.Grains.Abstractions.Organizations;
using PowerAutomation.Grains.Audit;
using PowerAutomation.Grains.Persistence;

namespace PowerAutomation.Grains.Organizations;

/// <summary>
/// One organization. Not reentrant (only <see cref="RoleOf"/> interleaves), so membership, invitations and seat
/// requests are decided one after the other against one state; seats themselves are counted by each licence grain.
/// It never waits on a project grain (those calls are one-way), so project grains may ask it on every access check.
/// </summary>
public sealed partial class OrganizationGrain(
    [PersistentState("organization", StorageNames.Grains)] IPersistentState<OrganizationState> state,
    IOptions<OrgOptions> options,
    IAuditLog auditLog,
    TimeProvider time,
    ILogger<OrganizationGrain> logger) : Grain, IOrganizationGrain
{
    /// <summary>How many grains a fan-out (members' lists, seats) calls at once.</summary>
    private const int FanOut = 16;

    private Guid OrgId => this.GetPrimaryKey();

    private bool Exists => state.RecordExists;

    public async Task<OrgResult<OrgMembership>> Create(string name, Guid ownerId)
    {
        if (!Exists)
        {
            state.State.Name = OrgNames.Check(name, out var problem) ?? throw new ArgumentException(problem, nameof(name));
            state.State.CreatedAt = time.GetUtcNow();
            state.State.Members[ownerId] = new OrgMemberEntry { Role = OrgRoles.Owner, JoinedAt = state.State.CreatedAt };
            await state.WriteStateAsync();
            Audit(AuditKinds.OrgCreated, ownerId, state.State.Name);
        }

        if (state.State.Members.GetValueOrDefault(ownerId) is not { } entry)
        {
            return OrgResult<OrgMembership>.Fail(OrgErrors.NotFound);
        }

        var membership = new OrgMembership(OrgId, state.State.Name, entry.Role);
        await GrainFactory.GetGrain<IUserGrain>(ownerId).RecordOrg(membership);
        return OrgResult<OrgMembership>.Ok(membership);
    }

    public Task<string?> RoleOf(Guid userId) => Task.FromResult(state.State.Members.GetValueOrDefault(userId)?.Role);

    public Task<OrgResult<OrgDetails>> GetDetails(Guid actingUserId) => Task.FromResult(
        Refusal(actingUserId, OrgRoles.Member) is { } error ? OrgResult<OrgDetails>.Fail(error) : OrgResult<OrgDetails>.Ok(Details(actingUserId)));

    public async Task<OrgResult<OrgDetails>> Rename(Guid actingUserId, string name)
    {
        if (Refusal(actingUserId, OrgRoles.Owner) is { } error)
        {
            return OrgResult<OrgDetails>.Fail(error);
        }

        if (OrgNames.Check(name, out _) is not { } checkedName)
        {
            return OrgResult<OrgDetails>.Fail(OrgErrors.InvalidName);
        }

        var previous = state.State.Name;
        if (checkedName != previous)
        {
            state.State.Name = checkedName;
            await state.WriteOrUndoAsync(() => state.State.Name = previous);
            Audit(AuditKinds.OrgRenamed, actingUserId, $"{previous} -> {checkedName}");

            // Members' lists and invitees' inboxes are copies: refreshed after the organization's own write.
            await GrainSteps.ForEachAsync(FanOut, state.State.Members.ToList(), member => FollowUpAsync("listing the new name", member.Key.ToString(),
                () => GrainFactory.GetGrain<IUserGrain>(member.Key).RecordOrg(new OrgMembership(OrgId, checkedName, member.Value.Role))));
            await GrainSteps.ForEachAsync(FanOut, state.State.Invitations.ToList(), invitation => FollowUpAsync("renaming an invitation",
                invitation.Value.InvitationId.ToString(), () => RenameInvitationAsync(invitation.Key, invitation.Value.InvitationId, checkedName)));
        }

        return OrgResult<OrgDetails>.Ok(Details(actingUserId));
    }

    private OrgDetails Details(Guid actingUserId)
    {
        var role = state.State.Members[actingUserId].Role;
        var members = state.State.Members.Select(m => new OrgMember(m.Key, m.Value.Role, m.Value.JoinedAt)).ToList();
        var invitations = OrgRoles.Allows(role, OrgRoles.Admin)
            ? state.State.Invitations.OrderBy(i => i.Value.CreatedAt)
                .Select(i => new OrgInvitation(i.Value.InvitationId, i.Key, i.Value.Role, i.Value.InvitedBy, i.Value.CreatedAt)).ToList()
            : null;
        return new OrgDetails(OrgId, state.State.Name, role, members, state.State.Licenses.ToList(), invitations, state.State.CreatedAt);
    }

    private int Owners => state.State.Members.Count(m => m.Value.Role == OrgRoles.Owner);

    /// <summary>Non-members learn nothing (not found); members without the role are forbidden.</summary>
    private string? Refusal(Guid userId, string required) => state.State.Members.GetValueOrDefault(userId)?.Role switch
    {
        null => OrgErrors.NotFound,
        var role when !OrgRoles.Allows(role, required) => OrgErrors.Forbidden,
        _ => null,
    };

    /// <summary>A step after the decisive write: logged when it fails, never undoing what was decided.</summary>
    private async Task FollowUpAsync(string step, string target, Func<Task> call)
    {
        try
        {
            await call();
        }
        catch (Exception exception)
        {
            LogFollowUpFailed(exception, OrgId, step, target);
        }
    }

    private void Audit(string kind, Guid? userId, string? detail) =>
        auditLog.Append(new AuditEvent(kind, userId, $"org:{OrgId}", null, detail, time.GetUtcNow()));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Organization {OrgId}: {Step} failed for {Target}; the organization's own state is already changed")]
    private partial void LogFollowUpFailed(Exception exception, Guid orgId, string step, string target);
}
