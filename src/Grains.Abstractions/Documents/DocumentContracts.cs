namespace PowerAutomation.Grains.Abstractions.Documents;

/// <summary>
/// An operation as the log keeps it: the revision it produced, as applied, by whom (a person, an AI acting for them,
/// or a workflow run) and when. <see cref="Inverse"/> is what takes it back on the text it applied to, kept so undo
/// never has to rebuild old text.
/// </summary>
[GenerateSerializer, Immutable, Alias("pa.AppliedOperation")]
public sealed record AppliedOperation(
    [property: Id(0)] int Revision,
    [property: Id(1)] TextOperation Operation,
    [property: Id(2)] Guid AuthorId,
    [property: Id(3)] string? SessionId,
    [property: Id(4)] long? Seq,
    [property: Id(5)] DateTimeOffset Timestamp)
{
    /// <summary>One of <see cref="AuthorKinds"/>.</summary>
    [Id(6)] public string AuthorKind { get; init; } = AuthorKinds.User;

    /// <summary>The model that wrote an <c>ai</c> operation, where known.</summary>
    [Id(7)] public string? Model { get; init; }

    /// <summary>The workflow run, AI edit or agent run the operation belongs to.</summary>
    [Id(8)] public Guid? RunId { get; init; }

    /// <summary>The MCP or agent client that made an <c>ai</c> operation (its own name for itself).</summary>
    [Id(9)] public string? Agent { get; init; }

    /// <summary>For an undo (or redo) operation, the revisions it takes back (or puts back).</summary>
    [Id(10)] public int[]? UndoOf { get; init; }

    /// <summary>True when this operation re-applies what an earlier undo took back.</summary>
    [Id(11)] public bool Redo { get; init; }

    /// <summary>The operation that reverts this one on the text it was applied to; null only for legacy rows.</summary>
    [Id(12)] public TextOperation? Inverse { get; init; }
}

/// <summary>Who an operation is by: a person typing, an AI acting for a person, or a workflow run.</summary>
public static class AuthorKinds
{
    public const string User = "user";
    public const string Ai = "ai";
    public const string Workflow = "workflow";

    public static bool IsKnown(string? kind) => kind is User or Ai or Workflow;
}

/// <summary>A client's operation: typed on <see cref="BaseRevision"/>; <c>(SessionId, Seq)</c> makes re-sends idempotent.</summary>
[GenerateSerializer, Immutable, Alias("pa.OperationSubmission")]
public sealed record OperationSubmission(
    [property: Id(0)] Guid AuthorId,
    [property: Id(1)] int BaseRevision,
    [property: Id(2)] TextOperation Operation,
    [property: Id(3)] string? SessionId,
    [property: Id(4)] long? Seq)
{
    /// <summary>One of <see cref="AuthorKinds"/>; the submitting user is still <see cref="AuthorId"/>.</summary>
    [Id(5)] public string AuthorKind { get; init; } = AuthorKinds.User;

    [Id(6)] public string? Model { get; init; }

    [Id(7)] public Guid? RunId { get; init; }

    [Id(8)] public string? Agent { get; init; }
}

/// <summary>The outcome of a submission: the applied operation, or why it was refused.</summary>
[GenerateSerializer, Immutable, Alias("pa.SubmissionResult")]
public sealed record SubmissionResult(
    [property: Id(0)] AppliedOperation? Applied,
    [property: Id(1)] string? Error,
    [property: Id(2)] string? Message)
{
    public static SubmissionResult Refused(string error, string message) => new(null, error, message);
}

/// <summary>A document's content at a revision.</summary>
[GenerateSerializer, Immutable, Alias("pa.DocumentContent")]
public sealed record DocumentContent(
    [property: Id(0)] Guid DocumentId,
    [property: Id(1)] Guid ProjectId,
    [property: Id(2)] string Path,
    [property: Id(3)] string Content,
    [property: Id(4)] int Revision);

/// <summary>Stable reasons a document call is refused.</summary>
public static class DocumentErrors
{
    public const string NotFound = "not_found";
    public const string Forbidden = "forbidden";
    public const string InvalidOperation = "invalid_operation";
    public const string RevisionTooOld = "revision_too_old";
    public const string DocumentTooLarge = "document_too_large";
    public const string InvalidPath = "invalid_path";
    public const string NothingToUndo = "nothing_to_undo";
}

/// <summary>A named point in a document's history.</summary>
[GenerateSerializer, Immutable, Alias("pa.DocumentVersion")]
public sealed record DocumentVersion(
    [property: Id(0)] Guid VersionId,
    [property: Id(1)] string Name,
    [property: Id(2)] int Revision,
    [property: Id(3)] Guid CreatedBy,
    [property: Id(4)] DateTimeOffset CreatedAt);

/// <summary>Who wrote one range of a document's current content, and the newest revision that wrote in it (a struct: blames run to many thousands).</summary>
[GenerateSerializer, Immutable, Alias("pa.BlameRange")]
public readonly record struct BlameRange(
    [property: Id(0)] int From,
    [property: Id(1)] int To,
    [property: Id(2)] Guid AuthorId,
    [property: Id(3)] string AuthorKind,
    [property: Id(4)] int Revision);

/// <summary>Whose operations an undo takes back; unset fields do not narrow the choice. No author means the caller.</summary>
[GenerateSerializer, Immutable, Alias("pa.UndoRequest")]
public sealed record UndoRequest(
    [property: Id(0)] Guid? AuthorId,
    [property: Id(1)] string? ClientId,
    [property: Id(2)] Guid? RunId,
    [property: Id(3)] string? AuthorKind,
    [property: Id(4)] int Count,
    [property: Id(5)] bool Redo);

/// <summary>A document as a change trigger sees it: where it is, how far it has come, who wrote its latest operation.</summary>
[GenerateSerializer, Immutable, Alias("pa.DocumentChange")]
public sealed record DocumentChange(
    [property: Id(0)] Guid DocumentId,
    [property: Id(1)] Guid ProjectId,
    [property: Id(2)] string Path,
    [property: Id(3)] int Revision,
    [property: Id(4)] Guid AuthorId,
    [property: Id(5)] string AuthorKind);
