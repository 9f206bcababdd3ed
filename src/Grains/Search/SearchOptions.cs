using System.ComponentModel.DataAnnotations;

namespace PowerAutomation.Grains.Search;

/// <summary>Semantic search (section <c>Search</c>).</summary>
public sealed class SearchOptions
{
    public const string Section = "Search";

    /// <summary>A changed document is re-embedded once it has not changed for this long.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00")]
    public TimeSpan Debounce { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Most characters per chunk (the model reads 256 tokens, roughly a thousand characters of prose).</summary>
    [Range(100, 10_000)]
    public int ChunkLength { get; set; } = 800;

    /// <summary>Chunks sent to the model per call, so a large document never fills a worker's queue alone.</summary>
    [Range(1, 1024)]
    public int EmbedBatch { get; set; } = 64;
}
