using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using PowerAutomation.Grains.Abstractions;
using PowerAutomation.Grains.Abstractions.Documents;
using PowerAutomation.Grains.Abstractions.Projects;
using PowerAutomation.Grains.Abstractions.Search;
using PowerAutomation.Grains.Abstractions.Workflows.Triggers;
using PowerAutomation.Grains.Quotas;
using PowerAutomation.Grains.Search;

namespace PowerAutomation.Grains.Documents;

/// <summary>
/// The authoritative copy of one document. Each submission is transformed, validated and applied inside one turn
/// (so revisions are assigned in one order), then waits for the batch write of the operation log: the grain is
/// reentrant only so that submissions arriving during a write join the next batch. A failed write leaves the
/// in-memory text ahead of the log, so the grain refuses further work and deactivates; the next activation
/// rebuilds from the log, which holds exactly what was acknowledged.
/// </summary>
[Reentrant]
public sealed partial class DocumentGrain(
    [PersistentState("document", StorageNames.Grains)] IPersistentState<DocumentState> state,
    IDocumentLog log,
    IOptions<DocumentOptions> options,
    IOptions<SearchOptions> searchOptions,
    TimeProvider time,
    ILogger<DocumentGrain> logger) : Grain, IDocumentGrain
{
    private readonly List<AppliedOperation> _window = [];
    private readonly List<AppliedOperation> _unwritten = [];
    /// <summary>Highest seq applied per author and session: idempotency keys belong to their author (API.md).</summary>
    private readonly Dictionary<(Guid AuthorId, string SessionId), long> _lastSeq = [];
    private ChunkedText _text = new();
    /// <summary>Who wrote each part of <see cref="_text"/>, moved with every operation applied.</summary>
    private Authorship _authorship = new([]);
    private int _revision;
    private int _snapshotRevision;
    private bool _broken;
    private Task _snapshotting = Task.CompletedTask;
    private DurableWriter? _writer;
    private DateTimeOffset _searchNotifiedAt = DateTimeOffset.MinValue;

    private Guid DocumentId => this.GetPrimaryKey();

    /// <summary>Set once deletion begins: from then on nothing is applied, so nothing is logged after the purge.</summary>
    private bool _deleting;

    private bool Exists => state.RecordExists && !state.State.Deleted && !_deleting;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _writer = new DurableWriter(WriteUnwrittenAsync);
        if (!Exists)
        {
            return;
        }

        // Text: newest snapshot plus the operations after it.
        var snapshot = await log.SnapshotAtOrBeforeAsync(DocumentId, int.MaxValue, cancellationToken)
            ?? throw new InvalidOperationException($"Document {DocumentId} has no snapshot.");
        _text = new ChunkedText(snapshot.Content);
        _authorship = AuthorshipOf(snapshot);
        _revision = _snapshotRevision = snapshot.Revision;
        while (true)
        {
            var batch = await log.ReadAsync(DocumentId, _revision, 5000, cancellationToken);
            foreach (var operation in batch)
            {
                _text.Apply(operation.Operation);
                _authorship.Apply(operation.Operation, operation.AuthorId, operation.AuthorKind, operation.Revision);
                _revision = operation.Revision;
                Remember(operation);
            }

            if (batch.Count < 5000)
            {
                break;
            }
        }

        // The window may reach back before the snapshot, so late operations and re-sends still resolve.
        if (_window.Count < options.Value.OperationWindow && _window.FirstOrDefault()?.Revision is not 1)
        {
            var from = Math.Max(0, _revision - options.Value.OperationWindow);
            var older = await log.ReadAsync(DocumentId, from, _revision - from - _window.Count, cancellationToken);
            _window.InsertRange(0, older);
            foreach (var operation in older)
            {
                RememberSeq(operation);
            }
        }
    }

    public async Task<string?> Create(Guid projectId, string path, string content, Guid authorId)
    {
        if (state.RecordExists)
        {
            // Idempotent for the project that made it; a deleted document stays deleted.
            return state.State.Deleted ? DocumentErrors.NotFound : null;
        }

        if (!DocumentPath.IsNormal(path))
        {
            // Callers normalise first (DocumentPath.TryNormalize); anything else is refused, never stored verbatim.
            return DocumentErrors.InvalidPath;
        }

        if (content.Length > options.Value.MaxDocumentLength)
        {
            return DocumentErrors.DocumentTooLarge;
        }

        try
        {
            // The initial content is checked as the insert that would create it: no lone surrogates.
            new TextOperation.Builder().Insert(content).Build().Validate(new StringText(""));
        }
        catch (OperationException)
        {
            return DocumentErrors.InvalidOperation;
        }

        var authorship = Authorship.Of(content.Length, authorId, AuthorKinds.User, 0);
        await log.SaveSnapshotAsync(DocumentId, 0, content, authorship.Serialize());
        state.State.ProjectId = projectId;
        state.State.Path = path;
        state.State.CreatedAt = time.GetUtcNow();
        await state.WriteStateAsync();
        _text = new ChunkedText(content);
        _authorship = authorship;
        _revision = 0;
        NotifySearchIndex();
        return null;
    }

    /// <summary>
    /// Tells the project's search index (and change triggers) that this document changed, at most once per half debounce time: the
    /// index reads the content a full debounce time after the last notice, so it always sees the suppressed edits.
    /// </summary>
    private void NotifySearchIndex(bool force = false) => NotifySearchIndex(state.State.ProjectId, force);

    private void NotifySearchIndex(Guid projectId, bool force)
    {
        var now = time.GetUtcNow();
        if (!force && now - _searchNotifiedAt < searchOptions.Value.Debounce / 2)
        {
            return;
        }

        _searchNotifiedAt = now;
        GrainFactory.GetGrain<IProjectSearchGrain>(projectId).DocumentChanged(DocumentId).Ignore();

        // The same notice, as rare, for the project's document.changed triggers (their feed reads the rest when due).
        GrainFactory.GetGrain<IDocumentChangeFeedGrain>(projectId).DocumentChanged(DocumentId).Ignore();
    }

    public Task<DocumentChange?> GetChange() => Task.FromResult(Exists
        ? new DocumentChange(DocumentId, state.State.ProjectId, state.State.Path, _revision,
            _window.Count > 0 ? _window[^1].AuthorId : Guid.Empty, _window.Count > 0 ? _window[^1].AuthorKind : AuthorKinds.User)
        : null);

    public Task<int> GetRevision() => Task.FromResult(Exists ? _revision : -1);

    /// <summary>
    /// The user's role and the document's path, from its project's index (the one record of both), or null; null too
    /// when the document was deleted while the project was asked.
    /// </summary>
    private async Task<DocumentAccess?> AccessOf(Guid userId) =>
        Exists && await GrainFactory.GetGrain<IProjectGrain>(state.State.ProjectId).AccessTo(userId, DocumentId) is { } access && Exists
            ? access
            : null;

    /// <summary>
    /// A snapshot's authorship; snapshots from before blame existed (or unreadable ones) credit their content to
    /// nobody (<see cref="Guid.Empty"/>), which is what is known.
    /// </summary>
    private Authorship AuthorshipOf(DocumentSnapshot snapshot)
    {
        if (snapshot.Blame is { } blame)
        {
            try
            {
                var parsed = Authorship.Parse(blame);
                if (parsed.Length == snapshot.Content.Length)
                {
                    return parsed;
                }
            }
            catch (FormatException exception)
            {
                LogBlameUnreadable(exception, DocumentId, snapshot.Revision);
            }
        }

        return Authorship.Of(snapshot.Content.Length, Guid.Empty, AuthorKinds.User, snapshot.Revision);
    }

    private void Remember(AppliedOperation operation)
    {
        _window.Add(operation);
        if (_window.Count > options.Value.OperationWindow)
        {
            _window.RemoveRange(0, _window.Count - options.Value.OperationWindow);
        }

        RememberSeq(operation);
    }

    private void RememberSeq(AppliedOperation operation)
    {
        if (operation is { SessionId: { } session, Seq: { } seq } && (!_lastSeq.TryGetValue((operation.AuthorId, session), out var last) || seq > last))
        {
            _lastSeq[(operation.AuthorId, session)] = seq;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Writing operations of document {DocumentId} failed; deactivating to rebuild from the log")]
    private partial void LogWriteFailed(Exception exception, Guid documentId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The blame saved with document {DocumentId}'s snapshot at revision {Revision} is unreadable; its text is credited to nobody")]
    private partial void LogBlameUnreadable(Exception exception, Guid documentId, int revision);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Snapshot of document {DocumentId} at revision {Revision} failed")]
    private partial void LogSnapshotFailed(Exception exception, Guid documentId, int revision);
}
