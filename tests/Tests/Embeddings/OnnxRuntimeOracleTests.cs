using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Xunit.Abstractions;

namespace PowerAutomation.Tests.Embeddings;

public sealed class OnnxRuntimeOracleTests(OnnxRuntimeOracleFixture fixture, ITestOutputHelper output) : IClassFixture<OnnxRuntimeOracleFixture>
{
    [Fact]
    public void Encode_VariedSentences_AgreesWithOnnxRuntime()
    {
        var ours = fixture.Encoder.Encode(TestSentences.All);

        var worst = 1.0;
        for (var s = 0; s < TestSentences.All.Length; s++)
        {
            var oracle = OracleEmbedding(fixture.Encoder.Tokenizer.Tokenize(TestSentences.All[s]));
            var cosine = VectorMath.Cosine(ours[s], oracle);
            worst = Math.Min(worst, cosine);
            Assert.True(cosine >= 0.9999, $"sentence {s} ({TestSentences.All[s][..Math.Min(30, TestSentences.All[s].Length)]}): cosine {cosine}");
        }
        output.WriteLine($"lowest cosine to ONNX Runtime over {TestSentences.All.Length} sentences: {worst:F8}");
    }

    /// <summary>ONNX Runtime's last_hidden_state for one sentence, mean-pooled and normalised here in double precision.</summary>
    private float[] OracleEmbedding(int[] ids)
    {
        var shape = new[] { 1, ids.Length };
        var inputs = new List<NamedOnnxValue>
        {
            NamedOnnxValue.CreateFromTensor("input_ids", new DenseTensor<long>(ids.Select(i => (long)i).ToArray(), shape)),
            NamedOnnxValue.CreateFromTensor("attention_mask", new DenseTensor<long>(Enumerable.Repeat(1L, ids.Length).ToArray(), shape)),
            NamedOnnxValue.CreateFromTensor("token_type_ids", new DenseTensor<long>(new long[ids.Length], shape)),
        };
        using var results = fixture.Session.Run(inputs, ["last_hidden_state"]);
        var hidden = results[0].AsTensor<float>();
        var width = hidden.Dimensions[2];

        var mean = new double[width];
        for (var t = 0; t < ids.Length; t++)
        {
            for (var h = 0; h < width; h++)
            {
                mean[h] += hidden[0, t, h] / ids.Length;
            }
        }
        var norm = Math.Sqrt(mean.Sum(x => x * x));
        return mean.Select(x => (float)(x / norm)).ToArray();
    }
}
