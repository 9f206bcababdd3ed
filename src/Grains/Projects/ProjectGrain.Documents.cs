using PowerAutomation.Grains.Abstractions.Documents;
using PowerAutomation.Grains.Abstractions.Projects;
using PowerAutomation.Grains.Persistence;

namespace PowerAutomation.Grains.Projects;

/// <summary>
/// The path index: which documents the project holds and where. It is the only record of a document's path and of
/// its membership of the project that anyone reads (<see cref="AccessTo"/>), so a rename or a deletion takes effect
/// with this grain's one write.
/// </summary>
public sealed partial class ProjectGrain
{
    public async Task<ProjectResult<DocumentEntry>> CreateDocument(Guid actingUserId, string path, string content)
    {
        if (await RefusalAsync(actingUserId, ProjectRoles.Editor) is { } error)
        {
            return ProjectResult<DocumentEntry>.Fail(error);
        }

        if (DocumentTree.IsTaken(state.State.Documents.Keys, path))
        {
            return ProjectResult<DocumentEntry>.Fail(ProjectErrors.PathTaken);
        }

        var documentId = Guid.NewGuid();
        if (await GrainFactory.GetGrain<IDocumentGrain>(documentId).Create(ProjectId, path, content, actingUserId) is { } refused)
        {
            return ProjectResult<DocumentEntry>.Fail(refused);
        }

        state.State.Documents[path] = documentId;
        _pathOf[documentId] = path;
        await state.WriteOrUndoAsync(() =>
        {
            state.State.Documents.Remove(path);
            _pathOf.Remove(documentId);
        });
        return ProjectResult<DocumentEntry>.Ok(new DocumentEntry(documentId, path));
    }

    public async Task<ProjectResult<IReadOnlyList<DocumentEntry>>> ListDocuments(Guid actingUserId) =>
        await RefusalAsync(actingUserId, ProjectRoles.Viewer) is { } error
            ? ProjectResult<IReadOnlyList<DocumentEntry>>.Fail(error)
            : ProjectResult<IReadOnlyList<DocumentEntry>>.Ok(
                state.State.Documents.Select(d => new DocumentEntry(d.Value, d.Key)).OrderBy(d => d.Path, StringComparer.Ordinal).ToList());

    public async Task<DocumentAccess?> AccessTo(Guid userId, Guid documentId) =>
        _pathOf.ContainsKey(documentId) && await RoleAsync(userId) is { } role && _pathOf.TryGetValue(documentId, out var path)
            ? new DocumentAccess(role, path)
            : null;

    public async Task<ProjectResult<DocumentEntry>> RenameDocument(Guid actingUserId, Guid documentId, string path)
    {
        if (await RefusalAsync(actingUserId, ProjectRoles.Editor) is { } error)
        {
            return ProjectResult<DocumentEntry>.Fail(error);
        }

        if (!_pathOf.TryGetValue(documentId, out var current))
        {
            return ProjectResult<DocumentEntry>.Fail(ProjectErrors.NotFound);
        }

        if (current == path)
        {
            return ProjectResult<DocumentEntry>.Ok(new DocumentEntry(documentId, path));
        }

        if (!DocumentPath.IsNormal(path))
        {
            return ProjectResult<DocumentEntry>.Fail(DocumentErrors.InvalidPath);
        }

        if (DocumentTree.IsTaken(state.State.Documents.Keys, path, ignoring: current))
        {
            return ProjectResult<DocumentEntry>.Fail(ProjectErrors.PathTaken);
        }

        Move(documentId, current, path);
        await state.WriteOrUndoAsync(() => Move(documentId, path, current));

        // The document's own copy only feeds the search index; readers get the path from here.
        await FollowUpAsync("moving the document's copy of its path", documentId.ToString(),
            () => GrainFactory.GetGrain<IDocumentGrain>(documentId).Moved(path));
        return ProjectResult<DocumentEntry>.Ok(new DocumentEntry(documentId, path));
    }

    public async Task<ProjectResult<bool>> DeleteDocument(Guid actingUserId, Guid documentId)
    {
        if (await RefusalAsync(actingUserId, ProjectRoles.Editor) is { } error)
        {
            return ProjectResult<bool>.Fail(error);
        }

        if (!_pathOf.TryGetValue(documentId, out var path))
        {
            return ProjectResult<bool>.Fail(ProjectErrors.NotFound);
        }

        // The document first (idempotent), then the index: if either fails, a retry finds the entry and finishes.
        await GrainFactory.GetGrain<IDocumentGrain>(documentId).Delete();
        state.State.Documents.Remove(path);
        _pathOf.Remove(documentId);
        await state.WriteOrUndoAsync(() =>
        {
            state.State.Documents[path] = documentId;
            _pathOf[documentId] = path;
        });
        return ProjectResult<bool>.Ok(true);
    }

    private void Move(Guid documentId, string from, string to)
    {
        state.State.Documents.Remove(from);
        state.State.Documents[to] = documentId;
        _pathOf[documentId] = to;
    }
}
