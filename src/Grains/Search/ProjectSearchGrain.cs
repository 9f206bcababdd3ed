using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using PowerAutomation.Grains.Abstractions.Documents;
using PowerAutomation.Grains.Abstractions.ModelWorkers;
using PowerAutomation.Grains.Abstractions.Projects;
using PowerAutomation.Grains.Abstractions.Search;

namespace PowerAutomation.Grains.Search;

/// <summary>
/// One project's semantic index. Activation loads the project's chunk vectors from the store. A changed document
/// is re-embedded once it has been quiet for the debounce time: its text is cut into chunks, chunks whose text is
/// unchanged keep their vectors, the rest go to the model-worker pool, and the document's rows are replaced in
/// one transaction. Indexing that cannot reach a worker is retried later. Reentrant, so searches are answered
/// while a large document is being embedded.
/// </summary>
[Reentrant]
public sealed partial class ProjectSearchGrain(
    ISearchIndexStore store,
    ModelWorkerClient workers,
    IOptions<SearchOptions> options,
    TimeProvider time,
    ILogger<ProjectSearchGrain> logger) : Grain, IProjectSearchGrain
{
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    // A cluster with no model worker at all (none configured) is not an error: wait longer, say so once.
    private static readonly TimeSpan RetryWithoutWorkers = TimeSpan.FromSeconds(60);

    private readonly VectorIndex _index = new();
    private readonly Dictionary<Guid, DateTimeOffset> _due = [];
    private IGrainTimer? _timer;
    private bool _indexing;
    private bool _saidNoWorkers;

    private Guid ProjectId => this.GetPrimaryKey();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        foreach (var document in (await store.LoadProjectAsync(ProjectId, cancellationToken)).GroupBy(c => c.DocumentId))
        {
            _index.Replace(document.Key, document.OrderBy(c => c.Index).ToList());
        }
    }

    public Task DocumentChanged(Guid documentId)
    {
        Schedule(documentId, time.GetUtcNow() + options.Value.Debounce);
        return Task.CompletedTask;
    }

    public async Task<ProjectResult<IReadOnlyList<SearchHit>>> Search(Guid actingUserId, string query, int limit)
    {
        var project = GrainFactory.GetGrain<IProjectGrain>(ProjectId);
        var documents = await project.ListDocuments(actingUserId);
        if (documents.Value is not { } listed)
        {
            return ProjectResult<IReadOnlyList<SearchHit>>.Fail(documents.Error ?? ProjectErrors.NotFound);
        }

        // Documents the index has never seen (written before it existed, or lost with a crashed debounce) are
        // embedded now, in the background.
        foreach (var missing in listed.Where(d => !_index.Contains(d.DocumentId) && !_due.ContainsKey(d.DocumentId)))
        {
            Schedule(missing.DocumentId, time.GetUtcNow());
        }

        var answer = await workers.EmbedAsync(ModelNames.MiniLm, [query]);
        if (answer.Refusal is { } refusal)
        {
            return ProjectResult<IReadOnlyList<SearchHit>>.Fail(refusal);
        }

        // Only documents the project lists now, under their current paths: a deletion or a move is seen at once,
        // before the index has caught up with it.
        var current = listed.ToDictionary(d => d.DocumentId, d => d.Path);
        return ProjectResult<IReadOnlyList<SearchHit>>.Ok(_index.Search(answer.Vectors[0], limit, current));
    }

    private void Schedule(Guid documentId, DateTimeOffset at)
    {
        _due[documentId] = at;
        var period = TimeSpan.FromTicks(Math.Max(TimeSpan.FromMilliseconds(20).Ticks, options.Value.Debounce.Ticks / 4));
        // Not keep-alive: a change notice is a call, so a grain with fresh work is never idle long enough to be
        // collected; one that only retries for missing workers is let go after the idle time, its queue with it
        // (the index is derived data: the next change or search queues the document again).
        _timer ??= this.RegisterGrainTimer(IndexDueAsync, new GrainTimerCreationOptions(period, period) { Interleave = true });
    }

    private async Task IndexDueAsync(CancellationToken cancellationToken)
    {
        if (_indexing)
        {
            return;
        }

        _indexing = true;
        try
        {
            var now = time.GetUtcNow();
            foreach (var documentId in _due.Where(d => d.Value <= now).Select(d => d.Key).ToList())
            {
                _due.Remove(documentId);
                var retryIn = RetryAfter;
                try
                {
                    var refusal = await IndexAsync(documentId, cancellationToken);
                    if (refusal is null)
                    {
                        continue;
                    }

                    if (refusal == ModelWorkerErrors.Unavailable)
                    {
                        retryIn = RetryWithoutWorkers;
                        if (!_saidNoWorkers)
                        {
                            _saidNoWorkers = true;
                            LogNoWorkers(ProjectId, retryIn.TotalSeconds);
                        }
                    }
                }
                catch (Exception exception)
                {
                    LogIndexFailed(exception, documentId, retryIn.TotalSeconds);
                }

                // Tried again later, unless a newer change already scheduled it.
                _due.TryAdd(documentId, time.GetUtcNow() + retryIn);
            }
        }
        finally
        {
            _indexing = false;
            if (_due.Count == 0)
            {
                _timer?.Dispose();
                _timer = null;
            }
        }
    }

    /// <summary>Re-embeds one document; null when done, else the pool's refusal.</summary>
    private async Task<string?> IndexAsync(Guid documentId, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var content = await GrainFactory.GetGrain<IDocumentGrain>(documentId).ReadForIndex();
        if (content is null)
        {
            // Deleted: its text must not stay findable, here or in the store.
            await store.ReplaceDocumentAsync(ProjectId, documentId, [], cancellationToken);
            _index.Remove(documentId);
            return null;
        }

        if (content.ProjectId != ProjectId)
        {
            return null;
        }

        var settings = options.Value;
        var chunks = DocumentChunker.Chunk(content.Content, settings.ChunkLength);
        var previous = _index.ChunksOf(documentId).Where(c => c.Path == content.Path)
            .GroupBy(c => c.Text, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Vector, StringComparer.Ordinal);
        var vectors = new float[chunks.Count][];
        var fresh = Enumerable.Range(0, chunks.Count).Where(i => !previous.ContainsKey(chunks[i].Text)).ToList();
        foreach (var i in Enumerable.Range(0, chunks.Count).Except(fresh))
        {
            vectors[i] = previous[chunks[i].Text];
        }

        foreach (var slice in fresh.Chunk(settings.EmbedBatch))
        {
            // The path goes in with the text: a file's name often says what it is about.
            var answer = await workers.EmbedAsync(ModelNames.MiniLm, slice.Select(i => $"{content.Path}\n{chunks[i].Text}").ToArray());
            if (answer.Refusal is { } refusal)
            {
                return refusal;
            }

            for (var s = 0; s < slice.Length; s++)
            {
                vectors[slice[s]] = answer.Vectors[s];
            }
        }

        var indexed = chunks.Select((c, i) => new IndexedChunk(documentId, i, content.Path, content.Revision, c.Offset, c.Text, vectors[i])).ToList();
        await store.ReplaceDocumentAsync(ProjectId, documentId, indexed, cancellationToken);
        _index.Replace(documentId, indexed);
        LogIndexed(documentId, content.Revision, chunks.Count, fresh.Count, time.GetElapsedTime(started).TotalMilliseconds);
        _saidNoWorkers = false;
        return null;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Indexed document {DocumentId} at revision {Revision}: {Chunks} chunks, {Embedded} embedded, in {Milliseconds:F0} ms")]
    private partial void LogIndexed(Guid documentId, int revision, int chunks, int embedded, double milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not index document {DocumentId}; retrying in {Seconds} s")]
    private partial void LogIndexFailed(Exception exception, Guid documentId, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Search index of project {ProjectId} waits for a model worker (none is running); retrying every {Seconds} s")]
    private partial void LogNoWorkers(Guid projectId, double seconds);
}
