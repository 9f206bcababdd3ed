using PowerAutomation.Grains.Abstractions.Documents;

namespace PowerAutomation.Grains.Documents;

/// <summary>The durable operation log and snapshots of documents (PostgreSQL in the silo).</summary>
public interface IDocumentLog
{
    /// <summary>Appends operations in one write; fails as a whole if any revision is already taken.</summary>
    Task AppendAsync(Guid documentId, IReadOnlyList<AppliedOperation> operations, CancellationToken cancellationToken = default);

    /// <summary>Operations with revisions after <paramref name="after"/>, in order, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<AppliedOperation>> ReadAsync(Guid documentId, int after, int limit, CancellationToken cancellationToken = default);

    Task SaveSnapshotAsync(Guid documentId, int revision, string content, CancellationToken cancellationToken = default);

    /// <summary>Removes every operation and snapshot of a deleted document, in one transaction.</summary>
    Task DeleteAsync(Guid documentId, CancellationToken cancellationToken = default);

    /// <summary>The newest snapshot at or before <paramref name="revision"/>, or null.</summary>
    Task<(int Revision, string Content)?> SnapshotAtOrBeforeAsync(Guid documentId, int revision, CancellationToken cancellationToken = default);
}
