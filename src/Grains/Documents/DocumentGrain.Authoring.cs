using PowerAutomation.Grains.Abstractions.Documents;
using PowerAutomation.Grains.Abstractions.Projects;

namespace PowerAutomation.Grains.Documents;

/// <summary>Authorship: undo and redo by author, blame, named versions and restore.</summary>
public sealed partial class DocumentGrain
{
    /// <summary>How far back (in operations) undo looks for an author's changes.</summary>
    private const int UndoReach = 10_000;

    public async Task<ProjectResult<AppliedOperation>> Undo(Guid actingUserId, UndoRequest request)
    {
        if (await EditorRefusal(actingUserId) is { } refusal)
        {
            return ProjectResult<AppliedOperation>.Fail(refusal);
        }

        var head = _revision;
        var history = _window.ToList();
        var author = request.AuthorId ?? (request.ClientId is null && request.RunId is null ? actingUserId : null);
        bool Matches(AppliedOperation o) =>
            (author is null || o.AuthorId == author) && (request.ClientId is null || o.SessionId == request.ClientId)
            && (request.RunId is null || o.RunId == request.RunId) && (request.AuthorKind is null || o.AuthorKind == request.AuthorKind);

        var count = Math.Clamp(request.Count, 1, 1000);
        var choice = UndoSelection.Choose(history, Matches, count, request.Redo);
        while (choice.Take.Count < count && history.Count is > 0 and < UndoReach && history[0].Revision > 1)
        {
            // Further back than the window: pages from the log, until enough is found or the reach is spent.
            var older = await log.ReadBackAsync(DocumentId, history[0].Revision, 1000);
            if (older.Count == 0 || older[^1].Revision != history[0].Revision - 1)
            {
                break;
            }

            history.InsertRange(0, older);
            choice = UndoSelection.Choose(history, Matches, count, request.Redo);
        }

        if (choice.IsEmpty)
        {
            return ProjectResult<AppliedOperation>.Fail(DocumentErrors.NothingToUndo);
        }

        var oldest = choice.Take.Min();
        var slice = history.GetRange(oldest - history[0].Revision, head - oldest + 1);
        slice = await WithInversesAsync(slice);
        var operation = SelectiveUndo.Compute(slice, choice.Take);
        return await ApplyOwnAsync(operation, head, new AppliedOperation(0, operation, actingUserId, request.ClientId, null, time.GetUtcNow())
        {
            UndoOf = choice.Targets,
            Redo = request.Redo,
        });
    }

    public async Task<ProjectResult<IReadOnlyList<BlameRange>>> Blame(Guid actingUserId)
    {
        if (await AccessOf(actingUserId) is null)
        {
            return ProjectResult<IReadOnlyList<BlameRange>>.Fail(DocumentErrors.NotFound);
        }

        await DurableAsync();
        return Exists
            ? ProjectResult<IReadOnlyList<BlameRange>>.Ok(_authorship.Ranges())
            : ProjectResult<IReadOnlyList<BlameRange>>.Fail(DocumentErrors.NotFound);
    }

    public async Task<ProjectResult<DocumentVersion>> CreateVersion(Guid actingUserId, string name)
    {
        if (await EditorRefusal(actingUserId) is { } refusal)
        {
            return ProjectResult<DocumentVersion>.Fail(refusal);
        }

        // The revision named is one the log holds, so restoring it later always finds it.
        await DurableAsync();
        var version = new DocumentVersion(Guid.NewGuid(), name, _revision, actingUserId, time.GetUtcNow());
        await log.AddVersionAsync(DocumentId, version);
        return Exists ? ProjectResult<DocumentVersion>.Ok(version) : ProjectResult<DocumentVersion>.Fail(DocumentErrors.NotFound);
    }

    public async Task<ProjectResult<IReadOnlyList<DocumentVersion>>> ListVersions(Guid actingUserId, int limit)
    {
        if (await AccessOf(actingUserId) is null)
        {
            return ProjectResult<IReadOnlyList<DocumentVersion>>.Fail(DocumentErrors.NotFound);
        }

        var versions = await log.ListVersionsAsync(DocumentId, Math.Clamp(limit, 1, 1000));
        return Exists
            ? ProjectResult<IReadOnlyList<DocumentVersion>>.Ok(versions)
            : ProjectResult<IReadOnlyList<DocumentVersion>>.Fail(DocumentErrors.NotFound);
    }

    public async Task<ProjectResult<AppliedOperation>> Restore(Guid actingUserId, int revision)
    {
        if (await EditorRefusal(actingUserId) is { } refusal)
        {
            return ProjectResult<AppliedOperation>.Fail(refusal);
        }

        await DurableAsync();
        if (revision < 0 || revision > _revision)
        {
            return ProjectResult<AppliedOperation>.Fail(DocumentErrors.NotFound);
        }

        var past = revision == _revision ? _text.ToString() : (await TextAtAsync(revision))?.ToString();
        if (past is null)
        {
            return ProjectResult<AppliedOperation>.Fail(DocumentErrors.NotFound);
        }

        // Diffed against the head of this turn, so nobody's later typing is transformed into the restore.
        var head = _revision;
        var operation = TextDiff.Between(_text.ToString(), past);
        return await ApplyOwnAsync(operation, head, new AppliedOperation(0, operation, actingUserId, null, null, time.GetUtcNow()));
    }

    /// <summary>Null when <paramref name="userId"/> may edit; otherwise the error.</summary>
    private async Task<string?> EditorRefusal(Guid userId) =>
        await AccessOf(userId) switch
        {
            null => DocumentErrors.NotFound,
            { } access when !ProjectRoles.Allows(access.Role, ProjectRoles.Editor) => DocumentErrors.Forbidden,
            _ => _broken ? throw new InvalidOperationException($"Document {DocumentId} is reloading after a failed write; retry.") : null,
        };

    /// <summary>
    /// Applies an operation the grain made on revision <paramref name="head"/>: in one turn it is transformed past
    /// what was applied since, validated and applied with <paramref name="template"/>'s attribution; answered once durable.
    /// </summary>
    private async Task<ProjectResult<AppliedOperation>> ApplyOwnAsync(TextOperation operation, int head, AppliedOperation template)
    {
        if (!Exists)
        {
            return ProjectResult<AppliedOperation>.Fail(DocumentErrors.NotFound);
        }

        if (_revision > head && (_window.Count == 0 || _window[0].Revision > head + 1))
        {
            return ProjectResult<AppliedOperation>.Fail(DocumentErrors.RevisionTooOld);
        }

        try
        {
            foreach (var later in _window.Where(o => o.Revision > head))
            {
                operation = TextOperation.Transform(operation, later.Operation).APrime;
            }

            operation.Validate(_text);
        }
        catch (OperationException)
        {
            return ProjectResult<AppliedOperation>.Fail(DocumentErrors.InvalidOperation);
        }

        if (operation.TargetLength > options.Value.MaxDocumentLength)
        {
            return ProjectResult<AppliedOperation>.Fail(DocumentErrors.DocumentTooLarge);
        }

        var applied = Apply(template with { Revision = _revision + 1, Operation = operation });
        await _writer!.ChangedAsync();
        return ProjectResult<AppliedOperation>.Ok(applied);
    }

    /// <summary>Operations logged before inverses were kept get theirs from the text before them.</summary>
    private async Task<List<AppliedOperation>> WithInversesAsync(List<AppliedOperation> slice)
    {
        var missing = slice.FindIndex(o => o.Inverse is null);
        if (missing < 0)
        {
            return slice;
        }

        var text = await TextAtAsync(slice[missing].Revision - 1)
            ?? throw new InvalidOperationException($"Document {DocumentId} was deleted during an undo.");
        var filled = slice.GetRange(0, missing);
        foreach (var applied in slice.Skip(missing))
        {
            filled.Add(applied.Inverse is null ? applied with { Inverse = applied.Operation.Invert(text) } : applied);
            text.Apply(applied.Operation);
        }

        return filled;
    }
}
