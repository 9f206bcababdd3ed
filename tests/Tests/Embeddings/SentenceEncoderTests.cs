using PowerAutomation.Inference.Embeddings;
using TorchSharp;
using Xunit.Abstractions;

namespace PowerAutomation.Tests.Embeddings;

public sealed class SentenceEncoderTests(EncoderFixture fixture, ITestOutputHelper output) : IClassFixture<EncoderFixture>
{
    private readonly SentenceEncoder _encoder = fixture.Encoder;

    [Fact]
    public void Encode_ExampleSentence_MatchesSentenceTransformersReference()
    {
        // sentence-transformers' all-MiniLM-L6-v2 output for this sentence.
        float[] reference = [0.067657f, 0.063496f, 0.048713f, 0.079305f, 0.037448f];

        var vector = _encoder.Encode(["This is an example sentence"])[0];

        Assert.Equal(384, vector.Length);
        for (var i = 0; i < reference.Length; i++)
        {
            Assert.True(Math.Abs(vector[i] - reference[i]) < 1e-4, $"component {i}: {vector[i]} vs {reference[i]}");
        }
        Assert.Equal(1.0, VectorMath.Norm(vector), 5);
    }

    [Fact]
    public void Encode_Batch_EqualsOneAtATime()
    {
        // 64 sentences: two length-sorted groups of 32, whose results must land back in input order.
        string[] sentences = [.. TestSentences.All, .. TestSentences.All.Reverse()];
        var batched = _encoder.Encode(sentences);

        var worst = 0f;
        for (var s = 0; s < sentences.Length; s++)
        {
            var alone = _encoder.Encode([sentences[s]])[0];
            var difference = alone.Zip(batched[s], (a, b) => Math.Abs(a - b)).Max();
            Assert.True(difference < 1e-5, $"sentence {s}: batched differs by {difference}");
            worst = Math.Max(worst, difference);
        }
        output.WriteLine($"largest component difference, batched vs alone: {worst:E2}");
    }

    [Fact]
    public void Embed_ReportsTokensPerSentence()
    {
        var result = _encoder.Embed(["This is an example sentence", "", TestSentences.Long]);

        Assert.Equal([7, 2, 256], result.TokenCounts);
        Assert.Equal(265, result.TotalTokens);
        Assert.Equal(7, _encoder.CountTokens("This is an example sentence"));
        Assert.All(result.Vectors, v => Assert.Equal(1.0, VectorMath.Norm(v), 5));
    }

    [Fact]
    public void Encode_NoSentences_ReturnsNone() => Assert.Empty(_encoder.Encode([]));

    [Fact]
    public void Encode_Repeatedly_LeavesNoLiveTensors()
    {
        _encoder.Encode(["warm up"]);
        var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        for (var i = 0; i < 5; i++)
        {
            _encoder.Encode(["one", "two sentences of different length"]);
        }

        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    [Fact]
    public void Encode_SimilarSentences_AreCloserThanUnrelatedOnes()
    {
        var v = _encoder.Encode(["A man is eating food.", "A man is eating a piece of bread.", "The stock market fell sharply today."]);

        Assert.True(VectorMath.Cosine(v[0], v[1]) > VectorMath.Cosine(v[0], v[2]) + 0.3);
    }
}
