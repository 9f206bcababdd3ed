using TorchSharp;

namespace PowerAutomation.Inference.Embeddings;

/// <summary>A linear layer on the device in torch's layout: weight [out, in], bias [out].</summary>
public sealed record DenseTensors(torch.Tensor Weight, torch.Tensor Bias) : IDisposable
{
    public torch.Tensor Apply(torch.Tensor input) => torch.nn.functional.linear(input, Weight, Bias);

    public void Dispose()
    {
        Weight.Dispose();
        Bias.Dispose();
    }
}
