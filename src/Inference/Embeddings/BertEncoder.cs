using TorchSharp;
using static TorchSharp.torch;

namespace PowerAutomation.Inference.Embeddings;

/// <summary>
/// The BERT encoder's forward pass over prepared weights (post-LayerNorm, exact-erf GELU, as Hugging Face's
/// BertModel). Pure tensor arithmetic: callers own no-grad/inference mode and the dispose scope.
/// </summary>
public static class BertEncoder
{
    /// <summary>
    /// The last hidden state [batch, tokens, hidden] for token ids and attention mask, both [batch, tokens] int64
    /// on the weights' device. Padded positions get hidden states too; pooling must ignore them.
    /// </summary>
    public static Tensor Forward(BertTensors weights, Tensor inputIds, Tensor attentionMask)
    {
        var config = weights.Config;
        var (batch, tokens) = (inputIds.shape[0], inputIds.shape[1]);

        // Word + position + segment 0 embeddings.
        var hidden = weights.WordEmbeddings.index_select(0, inputIds.reshape(-1)).view(batch, tokens, config.Hidden)
            .add_(weights.PositionEmbeddings.narrow(0, 0, tokens))
            .add_(weights.TokenTypeEmbeddings[0]);
        hidden = weights.EmbeddingNorm.Apply(hidden);

        // Keys at padded positions take no part in attention: [batch, 1, 1, tokens], true = attend.
        var attend = attentionMask.to(ScalarType.Bool).view(batch, 1, 1, tokens);
        foreach (var layer in weights.Layers)
        {
            hidden = Layer(layer, config, hidden, attend);
        }
        return hidden;
    }

    private static Tensor Layer(BertLayerTensors layer, BertConfig config, Tensor hidden, Tensor attend)
    {
        var (batch, tokens) = (hidden.shape[0], hidden.shape[1]);
        var qkv = layer.QueryKeyValue.Apply(hidden)
            .view(batch, tokens, 3, config.Heads, config.HeadSize)
            .permute(2, 0, 3, 1, 4); // [q|k|v, batch, heads, tokens, head size]
        var context = nn.functional.scaled_dot_product_attention(qkv[0], qkv[1], qkv[2], attend)
            .transpose(1, 2)
            .reshape(batch, tokens, config.Hidden);
        hidden = layer.AttentionNorm.Apply(layer.AttentionOutput.Apply(context).add_(hidden));

        var intermediate = nn.functional.gelu(layer.Intermediate.Apply(hidden));
        return layer.OutputNorm.Apply(layer.Output.Apply(intermediate).add_(hidden));
    }
}
