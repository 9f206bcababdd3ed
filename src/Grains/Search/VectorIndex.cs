using System.Numerics.Tensors;
using PowerAutomation.Grains.Abstractions.Search;

namespace PowerAutomation.Grains.Search;

/// <summary>One embedded chunk of a document, as the index and the store keep it.</summary>
public sealed record IndexedChunk(Guid DocumentId, int Index, string Path, int Revision, int Offset, string Text, float[] Vector);

/// <summary>
/// A project's chunk vectors in memory. Vectors are L2-normalised, so cosine similarity is a dot product; a
/// document ranks by its best chunk. Brute force: a project's few thousand chunks take well under a millisecond.
/// </summary>
public sealed class VectorIndex
{
    public const int SnippetLength = 240;

    private readonly Dictionary<Guid, IReadOnlyList<IndexedChunk>> _documents = [];

    public int Documents => _documents.Count;

    public bool Contains(Guid documentId) => _documents.ContainsKey(documentId);

    public IReadOnlyList<IndexedChunk> ChunksOf(Guid documentId) => _documents.GetValueOrDefault(documentId) ?? [];

    public void Replace(Guid documentId, IReadOnlyList<IndexedChunk> chunks) => _documents[documentId] = chunks;

    public void Remove(Guid documentId) => _documents.Remove(documentId);

    /// <summary>The best documents; with <paramref name="paths"/>, only those it names, shown under the path it gives.</summary>
    public IReadOnlyList<SearchHit> Search(ReadOnlySpan<float> query, int limit, IReadOnlyDictionary<Guid, string>? paths = null)
    {
        var best = new List<(IndexedChunk Chunk, float Score)>(_documents.Count);
        foreach (var (documentId, chunks) in _documents)
        {
            if (paths is not null && !paths.ContainsKey(documentId))
            {
                continue;
            }

            IndexedChunk? top = null;
            var topScore = float.NegativeInfinity;
            foreach (var chunk in chunks)
            {
                var score = TensorPrimitives.Dot(query, chunk.Vector);
                if (score > topScore)
                {
                    (top, topScore) = (chunk, score);
                }
            }

            if (top is not null)
            {
                best.Add((top, topScore));
            }
        }

        return best.OrderByDescending(b => b.Score).Take(limit)
            .Select(b => new SearchHit(b.Chunk.DocumentId, paths?[b.Chunk.DocumentId] ?? b.Chunk.Path, Snippet(b.Chunk.Text), Math.Round(b.Score, 6)))
            .ToList();
    }

    /// <summary>The chunk with runs of white space collapsed, cut at a word near <see cref="SnippetLength"/>.</summary>
    public static string Snippet(string text)
    {
        var collapsed = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (collapsed.Length <= SnippetLength)
        {
            return collapsed;
        }

        var cut = collapsed.LastIndexOf(' ', SnippetLength);
        return collapsed[..(cut > SnippetLength / 2 ? cut : SnippetLength)] + "…";
    }
}
