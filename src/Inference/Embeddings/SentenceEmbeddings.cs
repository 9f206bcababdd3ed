namespace PowerAutomation.Inference.Embeddings;

/// <summary>Unit-length vectors, one per input sentence in order, and the tokens each took (for usage metering).</summary>
public sealed record SentenceEmbeddings(float[][] Vectors, int[] TokenCounts)
{
    public int TotalTokens => TokenCounts.Sum();
}
