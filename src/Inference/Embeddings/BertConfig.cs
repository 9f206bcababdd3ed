namespace PowerAutomation.Inference.Embeddings;

/// <summary>
/// The hyper-parameters weights cannot tell: head count and LayerNorm epsilon. Sizes (hidden, intermediate,
/// layers, vocabulary) are read from the weights and checked against these.
/// </summary>
public sealed record BertConfig(int Layers, int Hidden, int Heads, int Intermediate, double LayerNormEps, int MaxTokens)
{
    /// <summary>all-MiniLM-L6-v2: 6 layers, hidden 384, 12 heads, FFN 1536; sentence-transformers truncates at 256 tokens.</summary>
    public static BertConfig MiniLmL6 { get; } = new(Layers: 6, Hidden: 384, Heads: 12, Intermediate: 1536, LayerNormEps: 1e-12, MaxTokens: 256);

    public int HeadSize => Hidden / Heads;
}
