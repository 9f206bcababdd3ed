using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PowerAutomation.Grains.Abstractions;
using PowerAutomation.Grains.Abstractions.Identity;
using PowerAutomation.Grains.Abstractions.Projects;

namespace PowerAutomation.Grains.Projects;

/// <summary>
/// A project: who may do what, and which documents it holds (paths are unique within it). Not reentrant, so every
/// decision about members and paths is made against one state: two renames to one free path cannot both win.
/// </summary>
public sealed partial class ProjectGrain(
    [PersistentState("project", StorageNames.Grains)] IPersistentState<ProjectState> state,
    IOptions<ProjectOptions> options,
    TimeProvider time,
    ILogger<ProjectGrain> logger) : Grain, IProjectGrain
{
    /// <summary>Paths by document id: the index read backwards, for the per-call access check.</summary>
    private readonly Dictionary<Guid, string> _pathOf = [];

    private Guid ProjectId => this.GetPrimaryKey();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        foreach (var (path, documentId) in state.State.Documents)
        {
            _pathOf[documentId] = path;
        }

        return Task.CompletedTask;
    }

    public async Task<ProjectMembership> Create(string name, Guid ownerId)
    {
        if (state.State.Deleted)
        {
            throw new InvalidOperationException($"Project {ProjectId} was deleted.");
        }

        if (!state.RecordExists)
        {
            state.State.Name = ProjectNames.Check(name, out var problem) ?? throw new ArgumentException(problem, nameof(name));
            state.State.Members[ownerId] = ProjectRoles.Owner;
            state.State.CreatedAt = time.GetUtcNow();
            await state.WriteStateAsync();
        }

        var membership = new ProjectMembership(ProjectId, state.State.Name, state.State.Members.GetValueOrDefault(ownerId, ProjectRoles.Viewer));
        await GrainFactory.GetGrain<IUserGrain>(ownerId).RecordProject(membership);
        return membership;
    }

    public Task<string?> RoleOf(Guid userId) => RoleAsync(userId);

    public async Task<ProjectResult<bool>> SetMember(Guid actingUserId, Guid memberId, string role)
    {
        if (await RefusalAsync(actingUserId, ProjectRoles.Owner) is { } error)
        {
            return ProjectResult<bool>.Fail(error);
        }

        // The last owner stays an owner, or nobody could manage the project any more.
        if (state.State.Members.GetValueOrDefault(memberId) == ProjectRoles.Owner && role != ProjectRoles.Owner && Owners == 1)
        {
            return ProjectResult<bool>.Fail(ProjectErrors.Forbidden);
        }

        state.State.Members[memberId] = role;
        await state.WriteStateAsync();
        await GrainFactory.GetGrain<IUserGrain>(memberId).RecordProject(new ProjectMembership(ProjectId, state.State.Name, role));
        return ProjectResult<bool>.Ok(true);
    }

    private int Owners => state.State.Members.Count(m => m.Value == ProjectRoles.Owner);

    /// <summary>Non-members (and everyone, once deleted) learn nothing (not found); members without the role are forbidden.</summary>
    private async Task<string?> RefusalAsync(Guid userId, string required) => Decide(await RoleAsync(userId), required);

    /// <summary>Not found for no role (a non-member, or a deleted project), forbidden for too small a one.</summary>
    private static string? Decide(string? role, string required) => role switch
    {
        null => ProjectErrors.NotFound,
        _ when !ProjectRoles.Allows(role, required) => ProjectErrors.Forbidden,
        _ => null,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Project {ProjectId}: {Step} failed for {Target}; the project's own state is already changed")]
    private partial void LogFollowUpFailed(Exception exception, Guid projectId, string step, string target);
}
