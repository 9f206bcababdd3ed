using PowerAutomation.Grains.Abstractions.Documents;

namespace PowerAutomation.Grains.Documents;

/// <summary>The durable operation log, snapshots and named versions of documents (PostgreSQL in the silo).</summary>
public interface IDocumentLog
{
    /// <summary>Appends operations in one write; fails as a whole if any revision is already taken.</summary>
    Task AppendAsync(Guid documentId, IReadOnlyList<AppliedOperation> operations, CancellationToken cancellationToken = default);

    /// <summary>Operations with revisions after <paramref name="after"/>, in order, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<AppliedOperation>> ReadAsync(Guid documentId, int after, int limit, CancellationToken cancellationToken = default);

    /// <summary>The newest <paramref name="limit"/> operations with revisions before <paramref name="before"/>, oldest first.</summary>
    Task<IReadOnlyList<AppliedOperation>> ReadBackAsync(Guid documentId, int before, int limit, CancellationToken cancellationToken = default);

    /// <summary>Saves the content at a revision and, where known, its authorship (<see cref="Authorship.Serialize"/>).</summary>
    Task SaveSnapshotAsync(Guid documentId, int revision, string content, string? blame, CancellationToken cancellationToken = default);

    /// <summary>Removes every operation, snapshot and version of a deleted document, in one transaction.</summary>
    Task DeleteAsync(Guid documentId, CancellationToken cancellationToken = default);

    /// <summary>The newest snapshot at or before <paramref name="revision"/>, or null.</summary>
    Task<DocumentSnapshot?> SnapshotAtOrBeforeAsync(Guid documentId, int revision, CancellationToken cancellationToken = default);

    Task AddVersionAsync(Guid documentId, DocumentVersion version, CancellationToken cancellationToken = default);

    /// <summary>The document's named versions, newest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<DocumentVersion>> ListVersionsAsync(Guid documentId, int limit, CancellationToken cancellationToken = default);
}

/// <summary>A saved copy of a document's content at a revision, with who wrote which part of it when that is known.</summary>
public sealed record DocumentSnapshot(int Revision, string Content, string? Blame);
