using PowerAutomation.Grains.Abstractions.Projects;

namespace PowerAutomation.Grains.Abstractions.Documents;

/// <summary>
/// One document: the authoritative text and revision, a window of recent operations to transform late ones
/// against, and the durable operation log. A submission is answered only once it is durable.
/// </summary>
[Alias("pa.IDocumentGrain")]
public interface IDocumentGrain : IGrainWithGuidKey
{
    /// <summary>Creates the document at revision 0; called by its project. Null, or why it was refused.</summary>
    [Alias("Create")]
    Task<string?> Create(Guid projectId, string path, string content, Guid authorId);

    /// <summary>Transforms, applies and durably logs an operation; editors only.</summary>
    [Alias("Submit")]
    Task<SubmissionResult> Submit(OperationSubmission submission);

    /// <summary>The content now (<paramref name="revision"/> null) or at a past revision; viewers and up.</summary>
    [Alias("GetContent")]
    Task<ProjectResult<DocumentContent>> GetContent(Guid actingUserId, int? revision);

    /// <summary>Operations producing revisions from+1 onwards, at most <paramref name="limit"/>.</summary>
    [Alias("GetOperations")]
    Task<ProjectResult<IReadOnlyList<AppliedOperation>>> GetOperations(Guid actingUserId, int from, int limit);

    /// <summary>
    /// Takes back (or, with <see cref="UndoRequest.Redo"/>, puts back) an author's newest changes as one new operation
    /// by <paramref name="actingUserId"/>, transformed past everything after them; editors only.
    /// </summary>
    [Alias("Undo")]
    Task<ProjectResult<AppliedOperation>> Undo(Guid actingUserId, UndoRequest request);

    /// <summary>Who wrote each range of the current content; viewers and up.</summary>
    [Alias("Blame")]
    Task<ProjectResult<IReadOnlyList<BlameRange>>> Blame(Guid actingUserId);

    /// <summary>Names the current revision; editors only.</summary>
    [Alias("CreateVersion")]
    Task<ProjectResult<DocumentVersion>> CreateVersion(Guid actingUserId, string name);

    /// <summary>The named versions, newest first; viewers and up.</summary>
    [Alias("ListVersions")]
    Task<ProjectResult<IReadOnlyList<DocumentVersion>>> ListVersions(Guid actingUserId, int limit);

    /// <summary>Makes the content what it was at <paramref name="revision"/>, as one new operation; editors only.</summary>
    [Alias("Restore")]
    Task<ProjectResult<AppliedOperation>> Restore(Guid actingUserId, int revision);

    /// <summary>A live connection joins: its role, the content now, and the presence of others; null for strangers.</summary>
    [Alias("Join")]
    Task<LiveJoin?> Join(Guid userId, string clientId, string sessionId);

    /// <summary>Publishes a client's selections, given at <paramref name="revision"/> and moved through later edits.</summary>
    [Alias("UpdatePresence")]
    Task UpdatePresence(Presence presence);

    /// <summary>A live connection of <paramref name="userId"/> closed: others get a leave notice.</summary>
    [Alias("Leave")]
    Task Leave(Guid userId, string clientId);

    /// <summary>The durable content now, for the project's search index (trusted callers only); null if no such document.</summary>
    [Alias("ReadForIndex")]
    Task<DocumentContent?> ReadForIndex();

    /// <summary>The current revision (for listings), or -1 when the document does not exist.</summary>
    [Alias("GetRevision")]
    Task<int> GetRevision();

    /// <summary>Its path, revision and the latest operation's author, for change triggers (trusted callers); null when it does not exist.</summary>
    [Alias("GetChange")]
    Task<DocumentChange?> GetChange();

    /// <summary>The project the document belongs to, or null when it does not exist (trusted callers route by it).</summary>
    [Alias("GetProjectId")]
    Task<Guid?> GetProjectId();

    /// <summary>
    /// Called by its project once the path index moved it: keeps the document's own copy of its path (what the search
    /// index embeds) in step.
    /// </summary>
    [Alias("Moved")]
    Task Moved(string path);

    /// <summary>
    /// Called by its project: refuses new operations, lets those applied reach the log, leaves a tombstone, purges
    /// operations and snapshots, and tells every live session (on every gateway) <c>document_deleted</c>. Idempotent.
    /// </summary>
    [Alias("Delete")]
    Task Delete();
}
