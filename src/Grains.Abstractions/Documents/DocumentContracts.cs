namespace PowerAutomation.Grains.Abstractions.Documents;

/// <summary>An operation as the log keeps it: the revision it produced, as applied, by whom and when.</summary>
[GenerateSerializer, Immutable, Alias("pa.AppliedOperation")]
public sealed record AppliedOperation(
    [property: Id(0)] int Revision,
    [property: Id(1)] TextOperation Operation,
    [property: Id(2)] Guid AuthorId,
    [property: Id(3)] string? SessionId,
    [property: Id(4)] long? Seq,
    [property: Id(5)] DateTimeOffset Timestamp);

/// <summary>A client's operation: typed on <see cref="BaseRevision"/>; <c>(SessionId, Seq)</c> makes re-sends idempotent.</summary>
[GenerateSerializer, Immutable, Alias("pa.OperationSubmission")]
public sealed record OperationSubmission(
    [property: Id(0)] Guid AuthorId,
    [property: Id(1)] int BaseRevision,
    [property: Id(2)] TextOperation Operation,
    [property: Id(3)] string? SessionId,
    [property: Id(4)] long? Seq);

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
}
