using Microsoft.Extensions.Options;
using PowerAutomation.Grains.Abstractions;
using PowerAutomation.Grains.Abstractions.Documents;
using PowerAutomation.Grains.Abstractions.Identity;
using PowerAutomation.Grains.Abstractions.Projects;

namespace PowerAutomation.Grains.Projects;

/// <summary>A project: who may do what, and which documents it holds (paths are unique within it).</summary>
public sealed partial class ProjectGrain(
    [PersistentState("project", StorageNames.Grains)] IPersistentState<ProjectState> state,
    IOptions<ProjectOptions> options,
    TimeProvider time) : Grain, IProjectGrain
{
    private Guid ProjectId => this.GetPrimaryKey();

    public async Task<ProjectMembership> Create(string name, Guid ownerId)
    {
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

    public Task<string?> RoleOf(Guid userId) => Task.FromResult(state.State.Members.GetValueOrDefault(userId));

    public async Task<ProjectResult<bool>> SetMember(Guid actingUserId, Guid memberId, string role)
    {
        if (Refusal(actingUserId, ProjectRoles.Owner) is { } error)
        {
            return ProjectResult<bool>.Fail(error);
        }

        // The last owner stays an owner, or nobody could manage the project any more.
        if (state.State.Members.GetValueOrDefault(memberId) == ProjectRoles.Owner && role != ProjectRoles.Owner
            && state.State.Members.Count(m => m.Value == ProjectRoles.Owner) == 1)
        {
            return ProjectResult<bool>.Fail(ProjectErrors.Forbidden);
        }

        state.State.Members[memberId] = role;
        await state.WriteStateAsync();
        await GrainFactory.GetGrain<IUserGrain>(memberId).RecordProject(new ProjectMembership(ProjectId, state.State.Name, role));
        return ProjectResult<bool>.Ok(true);
    }

    public async Task<ProjectResult<DocumentEntry>> CreateDocument(Guid actingUserId, string path, string content)
    {
        if (Refusal(actingUserId, ProjectRoles.Editor) is { } error)
        {
            return ProjectResult<DocumentEntry>.Fail(error);
        }

        if (state.State.Documents.ContainsKey(path))
        {
            return ProjectResult<DocumentEntry>.Fail(ProjectErrors.PathTaken);
        }

        var documentId = Guid.NewGuid();
        if (await GrainFactory.GetGrain<IDocumentGrain>(documentId).Create(ProjectId, path, content, actingUserId) is { } refused)
        {
            return ProjectResult<DocumentEntry>.Fail(refused);
        }

        state.State.Documents[path] = documentId;
        await state.WriteStateAsync();
        return ProjectResult<DocumentEntry>.Ok(new DocumentEntry(documentId, path));
    }

    public Task<ProjectResult<IReadOnlyList<DocumentEntry>>> ListDocuments(Guid actingUserId) => Task.FromResult(
        Refusal(actingUserId, ProjectRoles.Viewer) is { } error
            ? ProjectResult<IReadOnlyList<DocumentEntry>>.Fail(error)
            : ProjectResult<IReadOnlyList<DocumentEntry>>.Ok(
                state.State.Documents.Select(d => new DocumentEntry(d.Value, d.Key)).OrderBy(d => d.Path, StringComparer.Ordinal).ToList()));

    /// <summary>Non-members learn nothing (not found); members without the role are forbidden.</summary>
    private string? Refusal(Guid userId, string required) => state.State.Members.GetValueOrDefault(userId) switch
    {
        null => ProjectErrors.NotFound,
        var role when !ProjectRoles.Allows(role, required) => ProjectErrors.Forbidden,
        _ => null,
    };
}
