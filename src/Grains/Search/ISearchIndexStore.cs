namespace PowerAutomation.Grains.Search;

/// <summary>Where chunk vectors are kept (<c>search_chunks</c> in PostgreSQL).</summary>
public interface ISearchIndexStore
{
    Task<IReadOnlyList<IndexedChunk>> LoadProjectAsync(Guid projectId, CancellationToken cancellationToken = default);

    /// <summary>Replaces all of a document's chunks in one transaction.</summary>
    Task ReplaceDocumentAsync(Guid projectId, Guid documentId, IReadOnlyList<IndexedChunk> chunks, CancellationToken cancellationToken = default);
}
