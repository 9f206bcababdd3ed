using PowerAutomation.Grains.Abstractions.Documents;
using PowerAutomation.Grains.Abstractions.Projects;

namespace PowerAutomation.Grains.Documents;

/// <summary>Submitting operations: dedupe, transform, validate, apply, write, acknowledge.</summary>
public sealed partial class DocumentGrain
{
    public async Task<SubmissionResult> Submit(OperationSubmission submission)
    {
        var access = await AccessOf(submission.AuthorId);
        if (access is null)
        {
            return SubmissionResult.Refused(DocumentErrors.NotFound, "No such document, or you are not a member of its project.");
        }

        if (!ProjectRoles.Allows(access.Role, ProjectRoles.Editor))
        {
            return SubmissionResult.Refused(DocumentErrors.Forbidden, "Viewers cannot edit.");
        }

        // From here to the write, no await: the decision and the revision it gets are one turn.
        if (!Exists)
        {
            return SubmissionResult.Refused(DocumentErrors.NotFound, "The document was deleted.");
        }

        if (_broken)
        {
            throw new InvalidOperationException($"Document {DocumentId} is reloading after a failed write; retry.");
        }

        if (Resent(submission) is { } earlier)
        {
            return earlier;
        }

        if (Prepare(submission) is { } refusal)
        {
            return refusal;
        }

        var applied = _unwritten[^1];
        await _writer!.ChangedAsync();
        return new SubmissionResult(applied, null, null);
    }

    /// <summary>
    /// A re-sent (author, session, seq) is acknowledged again with what was applied, never applied twice. Keyed by
    /// author: another user naming the same session (ids are visible in the history) neither answers for it nor
    /// moves its seq.
    /// </summary>
    private SubmissionResult? Resent(OperationSubmission submission)
    {
        var author = submission.AuthorId;
        if (submission is not { SessionId: { } session, Seq: { } seq } || !_lastSeq.TryGetValue((author, session), out var last) || seq > last)
        {
            return null;
        }

        var applied = _window.LastOrDefault(o => o.AuthorId == author && o.SessionId == session && o.Seq == seq);
        return applied is null
            ? SubmissionResult.Refused(DocumentErrors.RevisionTooOld, $"Operation {seq} of this session is older than the history kept.")
            : new SubmissionResult(applied, null, null);
    }

    private SubmissionResult? Prepare(OperationSubmission submission)
    {
        var settings = options.Value;
        var oldest = _window.Count == 0 ? _revision : _window[0].Revision - 1;
        if (submission.BaseRevision < oldest)
        {
            return SubmissionResult.Refused(DocumentErrors.RevisionTooOld,
                $"Revision {submission.BaseRevision} is older than the history kept (from {oldest}); reload the document.");
        }

        if (submission.BaseRevision > _revision)
        {
            return SubmissionResult.Refused(DocumentErrors.InvalidOperation, $"Revision {submission.BaseRevision} does not exist yet (now {_revision}).");
        }

        var operation = submission.Operation;
        if (operation.Components.Count > settings.MaxOperationComponents)
        {
            return SubmissionResult.Refused(DocumentErrors.InvalidOperation, $"Operations have at most {settings.MaxOperationComponents} components.");
        }

        try
        {
            // Server-ordered OT: the incoming operation is the first argument, so its insert goes first at a tie.
            foreach (var concurrent in _window.Where(o => o.Revision > submission.BaseRevision))
            {
                operation = TextOperation.Transform(operation, concurrent.Operation).APrime;
            }

            operation.Validate(_text);
        }
        catch (OperationException exception)
        {
            return SubmissionResult.Refused(DocumentErrors.InvalidOperation, exception.Message);
        }

        if (operation.TargetLength > settings.MaxDocumentLength)
        {
            return SubmissionResult.Refused(DocumentErrors.DocumentTooLarge, $"Documents have at most {settings.MaxDocumentLength} UTF-16 units.");
        }

        Apply(new AppliedOperation(_revision + 1, operation, submission.AuthorId, submission.SessionId, submission.Seq, time.GetUtcNow())
        {
            AuthorKind = submission.AuthorKind,
            Model = submission.Model,
            RunId = submission.RunId,
            Agent = submission.Agent,
        });
        return null;
    }

    /// <summary>Applies a validated operation at the next revision, with its inverse taken from the text before it.</summary>
    private AppliedOperation Apply(AppliedOperation applied)
    {
        applied = applied with { Inverse = applied.Operation.Invert(_text) };
        _text.Apply(applied.Operation);
        _authorship.Apply(applied.Operation, applied.AuthorId, applied.AuthorKind, applied.Revision);
        _revision = applied.Revision;
        MovePresence(applied.Operation);
        Remember(applied);
        _unwritten.Add(applied);
        return applied;
    }

    /// <summary>One log write for every operation applied since the last; on failure the grain stops and reloads.</summary>
    private async Task WriteUnwrittenAsync()
    {
        if (_broken)
        {
            throw new InvalidOperationException($"Document {DocumentId} is reloading after a failed write; retry.");
        }

        if (_unwritten.Count == 0)
        {
            return;
        }

        var batch = _unwritten.ToList();
        _unwritten.Clear();
        try
        {
            await log.AppendAsync(DocumentId, batch);
        }
        catch (Exception exception)
        {
            _broken = true;
            LogWriteFailed(exception, DocumentId);
            DeactivateOnIdle();
            throw;
        }

        await PublishAsync(batch.Select(applied => new DocumentEvent(applied, null, null)).ToList());
        MaybeSnapshot();
        NotifySearchIndex();
    }

    private void MaybeSnapshot()
    {
        if (_revision - _snapshotRevision < options.Value.SnapshotEvery || !_snapshotting.IsCompleted)
        {
            return;
        }

        var revision = _revision;
        var content = _text.ToString();
        var blame = _authorship.Serialize();
        _snapshotRevision = revision;
        _snapshotting = SaveSnapshotAsync(revision, content, blame);
    }

    private async Task SaveSnapshotAsync(int revision, string content, string blame)
    {
        try
        {
            await log.SaveSnapshotAsync(DocumentId, revision, content, blame);
        }
        catch (Exception exception)
        {
            // Only speed is lost: history is still complete in the log.
            LogSnapshotFailed(exception, DocumentId, revision);
        }
    }
}
