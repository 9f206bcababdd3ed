using Microsoft.Extensions.Logging;
using PowerAutomation.Grains.Abstractions.Documents;

namespace PowerAutomation.Grains.Documents;

/// <summary>What the document's project tells it: where it now is, and that it is gone.</summary>
public sealed partial class DocumentGrain
{
    public Task<Guid?> GetProjectId() => Task.FromResult(Exists ? state.State.ProjectId : (Guid?)null);

    public async Task Moved(string path)
    {
        if (!Exists || state.State.Path == path)
        {
            return;
        }

        state.State.Path = path;
        await state.WriteStateAsync();

        // The index embeds the path with the text, so a moved document is re-embedded.
        NotifySearchIndex(force: true);
    }

    public async Task Delete()
    {
        if (!state.RecordExists)
        {
            return;
        }

        var projectId = state.State.ProjectId;
        if (!state.State.Deleted)
        {
            // No operation is applied from here on; those already applied reach the log (or fail) before the purge,
            // so no write lands after it. ChangedAsync also waits for a write already under way.
            _deleting = true;
            await Quietly(_writer!.ChangedAsync());
            await Quietly(_snapshotting);
            state.State.Deleted = true;
            state.State.Path = "";
            await state.WriteStateAsync();
        }

        // Every call purges again: a purge a failure interrupted is finished by the project's retry.
        await log.DeleteAsync(DocumentId);
        _text = new ChunkedText();
        _authorship = new Authorship([]);
        _revision = 0;
        _window.Clear();
        _unwritten.Clear();
        _lastSeq.Clear();
        _present.Clear();
        _joinedSessions.Clear();
        LogDeleted(DocumentId, projectId);
        await PublishAsync([new DocumentEvent(null, null, null, Deleted: true)]);
        NotifySearchIndex(projectId, force: true);
        DeactivateOnIdle();
    }

    private static async Task Quietly(Task task)
    {
        try
        {
            await task;
        }
        catch (Exception)
        {
            // A failed write leaves nothing to keep: the document is being purged.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Document {DocumentId} of project {ProjectId} deleted and purged")]
    private partial void LogDeleted(Guid documentId, Guid projectId);
}
