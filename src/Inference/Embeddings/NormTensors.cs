using TorchSharp;

namespace PowerAutomation.Inference.Embeddings;

/// <summary>A LayerNorm's scale and shift over the hidden dimension.</summary>
public sealed record NormTensors(torch.Tensor Weight, torch.Tensor Bias, double Eps) : IDisposable
{
    public torch.Tensor Apply(torch.Tensor input) =>
        torch.nn.functional.layer_norm(input, [Weight.shape[0]], Weight, Bias, Eps);

    public void Dispose()
    {
        Weight.Dispose();
        Bias.Dispose();
    }
}
