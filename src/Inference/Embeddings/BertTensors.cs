using TorchSharp;

namespace PowerAutomation.Inference.Embeddings;

/// <summary>All weights of a BERT encoder, on one device.</summary>
public sealed class BertTensors(
    BertConfig config,
    torch.Tensor wordEmbeddings,
    torch.Tensor positionEmbeddings,
    torch.Tensor tokenTypeEmbeddings,
    NormTensors embeddingNorm,
    IReadOnlyList<BertLayerTensors> layers) : IDisposable
{
    public BertConfig Config { get; } = config;

    /// <summary>[vocabulary, hidden].</summary>
    public torch.Tensor WordEmbeddings { get; } = wordEmbeddings;

    /// <summary>[max positions, hidden].</summary>
    public torch.Tensor PositionEmbeddings { get; } = positionEmbeddings;

    /// <summary>[2, hidden]; single-segment input uses row 0 only.</summary>
    public torch.Tensor TokenTypeEmbeddings { get; } = tokenTypeEmbeddings;

    public NormTensors EmbeddingNorm { get; } = embeddingNorm;

    public IReadOnlyList<BertLayerTensors> Layers { get; } = layers;

    public void Dispose()
    {
        WordEmbeddings.Dispose();
        PositionEmbeddings.Dispose();
        TokenTypeEmbeddings.Dispose();
        EmbeddingNorm.Dispose();
        foreach (var layer in Layers)
        {
            layer.Dispose();
        }
    }
}
