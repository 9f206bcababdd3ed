using Orleans.Concurrency;
using PowerAutomation.Grains.Abstractions.Projects;

namespace PowerAutomation.Grains.Abstractions.Search;

/// <summary>
/// Semantic search over one project's documents (key: the project id): each document's chunks embedded by the
/// model-worker pool, re-embedded a little after the document stops changing, ranked by cosine similarity.
/// </summary>
[Alias("pa.IProjectSearchGrain")]
public interface IProjectSearchGrain : IGrainWithGuidKey
{
    /// <summary>A document of the project changed; it is re-embedded once it has been quiet for the debounce time.</summary>
    [OneWay, Alias("DocumentChanged")]
    Task DocumentChanged(Guid documentId);

    /// <summary>Documents ranked by their best chunk's similarity to the query; members only.</summary>
    [Alias("Search")]
    Task<ProjectResult<IReadOnlyList<SearchHit>>> Search(Guid actingUserId, string query, int limit);
}

/// <summary>One document in a result: its best-matching chunk as the snippet, and that chunk's cosine similarity.</summary>
[GenerateSerializer, Immutable, Alias("pa.SearchHit")]
public sealed record SearchHit(
    [property: Id(0)] Guid DocumentId,
    [property: Id(1)] string Path,
    [property: Id(2)] string Snippet,
    [property: Id(3)] double Score);
