using PowerAutomation.Grains.Abstractions.Identity;
using PowerAutomation.Grains.Abstractions.Organizations;
using PowerAutomation.Grains.Abstractions.Projects;
using PowerAutomation.Grains.Persistence;

namespace PowerAutomation.Grains.Projects;

/// <summary>
/// Projects of an organization. A user's role is the higher of their own membership and what their org role gives
/// (<see cref="OrgRoles.ProjectRole"/>), asked of the organization on every check, so leaving the organization ends
/// the access at once, on every path (HTTP, documents, live editing, search), because all of them ask this grain.
/// </summary>
public sealed partial class ProjectGrain
{
    public async Task<ProjectMembership?> CreateInOrg(string name, Guid ownerId, Guid orgId)
    {
        if (state.State.Deleted || (state.RecordExists && state.State.OrgId != orgId))
        {
            throw new InvalidOperationException($"Project {ProjectId} was deleted or belongs elsewhere.");
        }

        if (!state.RecordExists)
        {
            var checkedName = ProjectNames.Check(name, out var problem) ?? throw new ArgumentException(problem, nameof(name));

            // The organization first: it refuses non-members, and lists the project for its members.
            if (!await GrainFactory.GetGrain<IOrganizationGrain>(orgId).AddProject(ownerId, new OrgProject(ProjectId, checkedName)))
            {
                return null;
            }

            state.State.Name = checkedName;
            state.State.OrgId = orgId;
            state.State.Members[ownerId] = ProjectRoles.Owner;
            state.State.CreatedAt = time.GetUtcNow();
            await state.WriteStateAsync();
        }

        var membership = new ProjectMembership(ProjectId, state.State.Name, state.State.Members.GetValueOrDefault(ownerId, ProjectRoles.Viewer));
        await GrainFactory.GetGrain<IUserGrain>(ownerId).RecordProject(membership);
        return membership;
    }

    public async Task OrgAccessEnded(Guid userId)
    {
        if (state.State.Deleted || await RoleAsync(userId) is not null)
        {
            return;
        }

        await GrainSteps.ForEachAsync(FanOut, state.State.Documents.Values.ToList(), documentId => FollowUpAsync("closing live sessions", documentId.ToString(),
            () => DocumentStream(documentId).OnNextAsync(new Abstractions.Documents.DocumentEvent(null, null, null, RevokedUserId: userId))));
    }

    /// <summary>The user's role: their own, or what their org role gives when that is more. Null once deleted, unless asked even then.</summary>
    private async Task<string?> RoleAsync(Guid userId, bool evenIfDeleted = false)
    {
        var own = state.State.Members.GetValueOrDefault(userId);
        if (state.State.Deleted)
        {
            // A tombstone's own owners may finish its clean-up; the organization gives nothing on a deleted project.
            return evenIfDeleted ? own : null;
        }

        if (state.State.OrgId is not { } orgId || own == ProjectRoles.Owner)
        {
            return own;
        }

        var viaOrg = OrgRoles.ProjectRole(await GrainFactory.GetGrain<IOrganizationGrain>(orgId).RoleOf(userId));
        return viaOrg is not null && !ProjectRoles.Allows(own, viaOrg) ? viaOrg : own;
    }

    /// <summary>Keeps the organization's list of its projects in step (one-way: the organization never makes a project wait).</summary>
    private Task TellOrgAsync(string? name)
    {
        if (state.State.OrgId is { } orgId)
        {
            GrainFactory.GetGrain<IOrganizationGrain>(orgId).ProjectChanged(ProjectId, name).Ignore();
        }

        return Task.CompletedTask;
    }
}
