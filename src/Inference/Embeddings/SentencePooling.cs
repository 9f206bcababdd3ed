using static TorchSharp.torch;

namespace PowerAutomation.Inference.Embeddings;

/// <summary>sentence-transformers' pooling for MiniLM: the mean of token states under the attention mask, then L2 normalisation.</summary>
public static class SentencePooling
{
    /// <summary>[batch, hidden] unit vectors from hidden states [batch, tokens, hidden] and a [batch, tokens] mask.</summary>
    public static Tensor MeanNormalized(Tensor hiddenStates, Tensor attentionMask)
    {
        var mask = attentionMask.to(hiddenStates.dtype).unsqueeze(-1);
        var sum = (hiddenStates * mask).sum(1);
        var count = mask.sum(1).clamp_min(1e-9);
        return nn.functional.normalize(sum / count, p: 2, dim: 1);
    }
}
