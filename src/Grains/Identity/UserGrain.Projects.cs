using PowerAutomation.Grains.Abstractions.Projects;

namespace PowerAutomation.Grains.Identity;

/// <summary>The user's side of project membership; the project grain decides, the user grain lists.</summary>
public sealed partial class UserGrain
{
    public async Task RecordProject(ProjectMembership membership)
    {
        state.State.Projects[membership.ProjectId] = membership;
        await state.WriteStateAsync();
    }

    public async Task ForgetProject(Guid projectId)
    {
        if (state.State.Projects.Remove(projectId))
        {
            await state.WriteStateAsync();
        }
    }

    public Task<IReadOnlyList<ProjectMembership>> GetProjects() =>
        Task.FromResult<IReadOnlyList<ProjectMembership>>(state.State.Projects.Values.OrderBy(p => p.Name, StringComparer.Ordinal).ToList());
}
