using PowerAutomation.Grains.Abstractions.Organizations;
using PowerAutomation.Grains.Abstractions.Projects;
using PowerAutomation.Grains.Persistence;

namespace PowerAutomation.Grains.Organizations;

/// <summary>
/// The organization's projects, for members' project lists. Access itself is decided by each project grain, which asks
/// <see cref="RoleOf"/>; this list is only what members see in <c>GET /api/v1/projects</c>.
/// </summary>
public sealed partial class OrganizationGrain
{
    public async Task<bool> AddProject(Guid actingUserId, OrgProject project)
    {
        if (Refusal(actingUserId, OrgRoles.Member) is not null || state.State.Projects.Count >= options.Value.MaxProjects)
        {
            return false;
        }

        state.State.Projects[project.ProjectId] = project.Name;
        await state.WriteOrUndoAsync(() => state.State.Projects.Remove(project.ProjectId));
        return true;
    }

    public async Task ProjectChanged(Guid projectId, string? name)
    {
        if (!state.State.Projects.TryGetValue(projectId, out var previous) || previous == name)
        {
            return;
        }

        if (name is null)
        {
            state.State.Projects.Remove(projectId);
        }
        else
        {
            state.State.Projects[projectId] = name;
        }

        await state.WriteStateAsync();
    }

    public Task<IReadOnlyList<ProjectMembership>> ProjectsFor(Guid userId) => Task.FromResult<IReadOnlyList<ProjectMembership>>(
        OrgRoles.ProjectRole(state.State.Members.GetValueOrDefault(userId)?.Role) is { } role
            ? state.State.Projects.Select(p => new ProjectMembership(p.Key, p.Value, role)).ToList()
            : []);
}
