using System.ComponentModel.DataAnnotations;

namespace PowerAutomation.Grains.Documents;

/// <summary>Document limits and history settings (section <c>Documents</c>).</summary>
public sealed class DocumentOptions
{
    public const string Section = "Documents";

    /// <summary>Largest document, in UTF-16 units (default 4 Mi, well past the 1 MB the product promises).</summary>
    [Range(1024, 256 * 1024 * 1024)]
    public int MaxDocumentLength { get; set; } = 4 * 1024 * 1024;

    /// <summary>Most components one operation may have.</summary>
    [Range(3, 1_000_000)]
    public int MaxOperationComponents { get; set; } = 10_000;

    /// <summary>Recent operations kept in memory: late operations based before them get 409 revision_too_old.</summary>
    [Range(10, 1_000_000)]
    public int OperationWindow { get; set; } = 1000;

    /// <summary>A snapshot is written every this many revisions, so past content comes back quickly.</summary>
    [Range(1, 1_000_000)]
    public int SnapshotEvery { get; set; } = 500;
}
