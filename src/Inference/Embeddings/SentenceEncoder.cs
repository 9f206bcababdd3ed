using PowerAutomation.Inference.Onnx;
using TorchSharp;

namespace PowerAutomation.Inference.Embeddings;

/// <summary>
/// Sentence embeddings with all-MiniLM-L6-v2 on TorchSharp: tokenise, pad per batch, encode, mean-pool under
/// the mask, normalise. Not thread-safe: call it from one thread at a time (the model worker's dedicated
/// inference thread); torch's own intra-op threads parallelise each call.
/// </summary>
public sealed class SentenceEncoder : IDisposable
{
    private readonly BertTensors _weights;

    private SentenceEncoder(SentenceTokenizer tokenizer, BertTensors weights, torch.Device device)
    {
        Tokenizer = tokenizer;
        _weights = weights;
        Device = device;
    }

    public SentenceTokenizer Tokenizer { get; }

    public torch.Device Device { get; }

    /// <summary>Length of every embedding (384 for MiniLM).</summary>
    public int Dimensions => _weights.Config.Hidden;

    /// <summary>Reads the packaged model and moves its weights to the device. Slow (seconds): load once and keep.</summary>
    public static SentenceEncoder Load(SentenceEncoderOptions? options = null)
    {
        options ??= new SentenceEncoderOptions();
        var device = options.Device is { } name ? torch.device(name) : DefaultDevice();
        var (model, vocabulary) = MiniLmPackage.Read(options.PackagePath);
        using var vocabularyStream = new MemoryStream(vocabulary.ToArray(), writable: false);
        var tokenizer = SentenceTokenizer.FromVocabulary(vocabularyStream, options.Config.MaxTokens);
        var weights = BertTensorLoader.Load(OnnxModelReader.Read(model), options.Config, device);
        return new SentenceEncoder(tokenizer, weights, device);
    }

    /// <summary>CUDA when this process's torch build can see a GPU, else the CPU.</summary>
    public static torch.Device DefaultDevice() => torch.cuda.is_available() ? torch.CUDA : torch.CPU;

    /// <summary>How many tokens the model processes for the text.</summary>
    public int CountTokens(string text) => Tokenizer.CountTokens(text);

    /// <summary>Embeddings of the sentences, as one batch padded to its longest sentence.</summary>
    public float[][] Encode(IReadOnlyList<string> sentences) => Embed(sentences).Vectors;

    /// <summary>Embeddings and token counts of the sentences, as one batch padded to its longest sentence.</summary>
    public SentenceEmbeddings Embed(IReadOnlyList<string> sentences)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        if (sentences.Count == 0)
        {
            return new SentenceEmbeddings([], []);
        }
        var rows = sentences.Select(Tokenizer.Tokenize).ToList();
        var batch = PaddedBatch.From(rows, Tokenizer.PaddingId);

        // No autograd bookkeeping, and every intermediate tensor freed when the scope ends.
        using var inference = torch.inference_mode();
        using var scope = torch.NewDisposeScope();
        var ids = torch.tensor(batch.InputIds, [batch.Rows, batch.Columns]).to(Device);
        var mask = torch.tensor(batch.AttentionMask, [batch.Rows, batch.Columns]).to(Device);
        var hidden = BertEncoder.Forward(_weights, ids, mask);
        var pooled = SentencePooling.MeanNormalized(hidden, mask).cpu();

        var flat = pooled.data<float>().ToArray();
        var vectors = new float[batch.Rows][];
        for (var r = 0; r < batch.Rows; r++)
        {
            vectors[r] = flat.AsSpan(r * Dimensions, Dimensions).ToArray();
        }
        return new SentenceEmbeddings(vectors, rows.Select(r => r.Length).ToArray());
    }

    public void Dispose() => _weights.Dispose();
}
