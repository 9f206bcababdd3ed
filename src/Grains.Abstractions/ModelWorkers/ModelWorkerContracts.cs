namespace PowerAutomation.Grains.Abstractions.ModelWorkers;

/// <summary>Embeddings in input order with the tokens read for each, or the refusal code.</summary>
[GenerateSerializer, Immutable, Alias("pa.EmbeddingAnswer")]
public sealed record EmbeddingAnswer(
    [property: Id(0)] float[][] Vectors,
    [property: Id(1)] int[] Tokens,
    [property: Id(2)] string? Refusal)
{
    public static EmbeddingAnswer Refused(string code) => new([], [], code);

    public int TotalTokens => Tokens.Sum();
}

/// <summary>What a worker reports to its pool: where it runs and how busy it is.</summary>
[GenerateSerializer, Immutable, Alias("pa.WorkerStatus")]
public sealed record WorkerStatus(
    [property: Id(0)] string Key,
    [property: Id(1)] string Silo,
    [property: Id(2)] string Device,
    [property: Id(3)] int QueuedItems,
    [property: Id(4)] int QueueCapacity,
    [property: Id(5)] int MaxBatchSize,
    [property: Id(6)] long Batches,
    [property: Id(7)] long Items,
    [property: Id(8)] DateTimeOffset ReportedAt);
