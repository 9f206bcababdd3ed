using PowerAutomation.Inference.Embeddings;

namespace PowerAutomation.Tests.Embeddings;

/// <summary>One loaded encoder per test class: loading reads 90 MB of weights.</summary>
public sealed class EncoderFixture : IDisposable
{
    public SentenceEncoder Encoder { get; } = SentenceEncoder.Load(new SentenceEncoderOptions { Device = "cpu" });

    public void Dispose() => Encoder.Dispose();
}
