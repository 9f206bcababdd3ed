using PowerAutomation.Grains.Abstractions.Documents;
using PowerAutomation.Grains.Abstractions.Projects;

namespace PowerAutomation.Grains.Documents;

/// <summary>Reading: current or past content, and pages of the operation history.</summary>
public sealed partial class DocumentGrain
{
    public async Task<ProjectResult<DocumentContent>> GetContent(Guid actingUserId, int? revision)
    {
        if (await AccessOf(actingUserId) is not { } access)
        {
            return ProjectResult<DocumentContent>.Fail(DocumentErrors.NotFound);
        }

        await DurableAsync();
        var at = revision ?? _revision;
        if (!Exists || at < 0 || at > _revision)
        {
            return ProjectResult<DocumentContent>.Fail(DocumentErrors.NotFound);
        }

        if (at == _revision)
        {
            return ProjectResult<DocumentContent>.Ok(Content(access.Path, _text.ToString(), at));
        }

        // The past (gone if the document was deleted meanwhile).
        var past = await TextAtAsync(at);
        return past is null || !Exists
            ? ProjectResult<DocumentContent>.Fail(DocumentErrors.NotFound)
            : ProjectResult<DocumentContent>.Ok(Content(access.Path, past.ToString(), at));
    }

    /// <summary>The logged content at a past revision: the newest snapshot at or before it, then the operations up to it.</summary>
    private async Task<ChunkedText?> TextAtAsync(int at)
    {
        if (await log.SnapshotAtOrBeforeAsync(DocumentId, at) is not { } snapshot)
        {
            return Exists ? throw new InvalidOperationException("No snapshot at revision 0.") : null;
        }

        var text = new ChunkedText(snapshot.Content);
        var position = snapshot.Revision;
        while (position < at)
        {
            var batch = await log.ReadAsync(DocumentId, position, Math.Min(5000, at - position));
            foreach (var operation in batch)
            {
                text.Apply(operation.Operation);
                position = operation.Revision;
            }

            if (batch.Count == 0)
            {
                return Exists ? throw new InvalidOperationException($"The log of {DocumentId} has a gap after revision {position}.") : null;
            }
        }

        return text;
    }

    public async Task<ProjectResult<IReadOnlyList<AppliedOperation>>> GetOperations(Guid actingUserId, int from, int limit)
    {
        if (await AccessOf(actingUserId) is null)
        {
            return ProjectResult<IReadOnlyList<AppliedOperation>>.Fail(DocumentErrors.NotFound);
        }

        await DurableAsync();
        if (!Exists)
        {
            return ProjectResult<IReadOnlyList<AppliedOperation>>.Fail(DocumentErrors.NotFound);
        }

        from = Math.Clamp(from, 0, _revision);
        var firstInWindow = _window.Count == 0 ? int.MaxValue : _window[0].Revision;
        if (from + 1 >= firstInWindow)
        {
            return ProjectResult<IReadOnlyList<AppliedOperation>>.Ok(_window.Where(o => o.Revision > from).Take(limit).ToList());
        }

        var logged = await log.ReadAsync(DocumentId, from, limit);
        return Exists ? ProjectResult<IReadOnlyList<AppliedOperation>>.Ok(logged) : ProjectResult<IReadOnlyList<AppliedOperation>>.Fail(DocumentErrors.NotFound);
    }

    /// <summary>Readers see only what has been written: wait for operations applied but not yet logged.</summary>
    public async Task<DocumentContent?> ReadForIndex()
    {
        if (!Exists)
        {
            return null;
        }

        await DurableAsync();
        return Exists ? Content(state.State.Path, _text.ToString(), _revision) : null;
    }

    private Task DurableAsync() => _unwritten.Count > 0 ? _writer!.ChangedAsync() : Task.CompletedTask;

    private DocumentContent Content(string path, string content, int revision) =>
        new(DocumentId, state.State.ProjectId, path, content, revision);
}
