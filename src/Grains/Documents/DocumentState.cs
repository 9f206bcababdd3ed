namespace PowerAutomation.Grains.Documents;

/// <summary>A document's identity; its text lives in the operation log and snapshots.</summary>
[GenerateSerializer, Alias("pa.DocumentState")]
public sealed class DocumentState
{
    [Id(0)] public Guid ProjectId { get; set; }

    [Id(1)] public string Path { get; set; } = "";

    [Id(2)] public DateTimeOffset CreatedAt { get; set; }

    /// <summary>A tombstone: the document was deleted and its operations and snapshots purged.</summary>
    [Id(3)] public bool Deleted { get; set; }
}
