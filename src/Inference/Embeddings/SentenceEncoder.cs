using PowerAutomation.Inference.Onnx;
using TorchSharp;

namespace PowerAutomation.Inference.Embeddings;

/// <summary>
/// Sentence embeddings with all-MiniLM-L6-v2 on TorchSharp: tokenise, group by length and pad, encode, mean-pool
/// under the mask, normalise. Not thread-safe: call it from one thread at a time (the model worker's dedicated
/// inference thread); torch's own intra-op threads parallelise each call.
/// </summary>
public sealed class SentenceEncoder : IDisposable
{
    private readonly BertTensors _weights;
    private readonly int _maxBatchSize;

    private SentenceEncoder(SentenceTokenizer tokenizer, BertTensors weights, torch.Device device, int maxBatchSize)
    {
        Tokenizer = tokenizer;
        _weights = weights;
        Device = device;
        _maxBatchSize = maxBatchSize;
    }

    public SentenceTokenizer Tokenizer { get; }

    public torch.Device Device { get; }

    /// <summary>Length of every embedding (384 for MiniLM).</summary>
    public int Dimensions => _weights.Config.Hidden;

    /// <summary>Reads the packaged model and moves its weights to the device. Slow (seconds): load once and keep.</summary>
    public static SentenceEncoder Load(SentenceEncoderOptions? options = null)
    {
        options ??= new SentenceEncoderOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxBatchSize, 1);
        TorchThreading.PreferPassiveWait();
        TorchThreading.SetIntraOpThreads(options.Threads);
        var device = options.Device is { } name ? torch.device(name) : DefaultDevice();
        var (model, vocabulary) = MiniLmPackage.Read(options.PackagePath);
        using var vocabularyStream = new MemoryStream(vocabulary.ToArray(), writable: false);
        var tokenizer = SentenceTokenizer.FromVocabulary(vocabularyStream, options.Config.MaxTokens);
        var weights = BertTensorLoader.Load(OnnxModelReader.Read(model), options.Config, device);
        return new SentenceEncoder(tokenizer, weights, device, options.MaxBatchSize);
    }

    /// <summary>CUDA when this process's torch build can see a GPU, else the CPU.</summary>
    public static torch.Device DefaultDevice() => torch.cuda.is_available() ? torch.CUDA : torch.CPU;

    /// <summary>How many tokens the model processes for the text.</summary>
    public int CountTokens(string text) => Tokenizer.CountTokens(text);

    /// <summary>Embeddings of the sentences, in order. See <see cref="Embed"/> for how they are batched.</summary>
    public float[][] Encode(IReadOnlyList<string> sentences) => Embed(sentences).Vectors;

    /// <summary>
    /// Embeddings and token counts of the sentences, in order. The sentences are sorted by length and run in groups
    /// of at most <see cref="SentenceEncoderOptions.MaxBatchSize"/>, each padded to its own longest sentence:
    /// a mixed batch then wastes little work on padding, and memory stays bounded however many sentences come.
    /// </summary>
    public SentenceEmbeddings Embed(IReadOnlyList<string> sentences)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        var rows = sentences.Select(Tokenizer.Tokenize).ToArray();
        var vectors = new float[rows.Length][];
        var byLength = Enumerable.Range(0, rows.Length).OrderBy(i => rows[i].Length).ToArray();
        foreach (var group in byLength.Chunk(_maxBatchSize))
        {
            var embedded = Run(PaddedBatch.From(group.Select(i => rows[i]).ToArray(), Tokenizer.PaddingId));
            for (var g = 0; g < group.Length; g++)
            {
                vectors[group[g]] = embedded[g];
            }
        }
        return new SentenceEmbeddings(vectors, rows.Select(r => r.Length).ToArray());
    }

    private float[][] Run(PaddedBatch batch)
    {
        // No autograd bookkeeping, and every intermediate tensor freed when the scope ends.
        using var inference = torch.inference_mode();
        using var scope = torch.NewDisposeScope();
        var ids = torch.tensor(batch.InputIds, [batch.Rows, batch.Columns]).to(Device);
        var mask = torch.tensor(batch.AttentionMask, [batch.Rows, batch.Columns]).to(Device);
        var hidden = BertEncoder.Forward(_weights, ids, mask);
        var flat = SentencePooling.MeanNormalized(hidden, mask).cpu().data<float>().ToArray();

        var vectors = new float[batch.Rows][];
        for (var r = 0; r < batch.Rows; r++)
        {
            vectors[r] = flat.AsSpan(r * Dimensions, Dimensions).ToArray();
        }
        return vectors;
    }

    public void Dispose() => _weights.Dispose();
}
