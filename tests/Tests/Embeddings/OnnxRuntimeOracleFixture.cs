using Microsoft.ML.OnnxRuntime;
using PowerAutomation.Inference.Embeddings;

namespace PowerAutomation.Tests.Embeddings;

/// <summary>The TorchSharp encoder beside ONNX Runtime running the very same packaged model.onnx.</summary>
public sealed class OnnxRuntimeOracleFixture : IDisposable
{
    public OnnxRuntimeOracleFixture()
    {
        var (model, _) = MiniLmPackage.Read();
        Session = new InferenceSession(model.ToArray());
    }

    public SentenceEncoder Encoder { get; } = SentenceEncoder.Load(new SentenceEncoderOptions { Device = "cpu" });

    public InferenceSession Session { get; }

    public void Dispose()
    {
        Encoder.Dispose();
        Session.Dispose();
    }
}
