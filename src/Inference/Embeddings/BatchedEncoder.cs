using PowerAutomation.Inference.Batching;

namespace PowerAutomation.Inference.Embeddings;

/// <summary>One sentence's embedding and the tokens the model read for it.</summary>
public readonly record struct EmbeddedSentence(float[] Vector, int Tokens);

/// <summary>
/// The sentence encoder behind a <see cref="DynamicBatcher{TItem,TResult}"/>: loaded and warmed up on the batching
/// thread, so every TorchSharp call for this device comes from that one thread.
/// </summary>
public sealed class BatchedEncoder : IDisposable
{
    // Short and long inputs, so the first real batches find kernels and allocator pools ready.
    private static readonly string[] WarmUpSentences =
    [
        "warm up",
        "The model worker runs a few sentences before it takes traffic, so the first caller does not pay for it.",
        string.Join(' ', Enumerable.Repeat("A longer sentence that fills most of the token window.", 20)),
    ];

    private readonly SentenceEncoderOptions _encoderOptions;
    private SentenceEncoder? _encoder;

    public BatchedEncoder(string name, SentenceEncoderOptions encoderOptions, BatchingOptions batching)
    {
        _encoderOptions = encoderOptions;
        Batcher = new DynamicBatcher<string, EmbeddedSentence>(name, batching, Run, Start);
    }

    public DynamicBatcher<string, EmbeddedSentence> Batcher { get; }

    /// <summary>Vector length, known once started.</summary>
    public int Dimensions => _encoder?.Dimensions ?? 0;

    /// <summary>The device the encoder runs on, known once started.</summary>
    public string Device => _encoder?.Device.ToString() ?? _encoderOptions.Device ?? "unknown";

    /// <summary>Loads the model on the batching thread and runs the warm-up batches.</summary>
    public Task StartAsync() => Batcher.StartAsync();

    /// <summary>Queues the sentences; null when the queue is full.</summary>
    public Task<IReadOnlyList<EmbeddedSentence>>? TryEmbed(IReadOnlyList<string> sentences) => Batcher.TrySubmit(sentences);

    private void Start()
    {
        _encoder = SentenceEncoder.Load(_encoderOptions);
        for (var round = 0; round < 2; round++)
        {
            _encoder.Embed(WarmUpSentences);
        }
    }

    private IReadOnlyList<EmbeddedSentence> Run(IReadOnlyList<string> sentences)
    {
        var embedded = _encoder!.Embed(sentences);
        var results = new EmbeddedSentence[sentences.Count];
        for (var i = 0; i < results.Length; i++)
        {
            results[i] = new EmbeddedSentence(embedded.Vectors[i], embedded.TokenCounts[i]);
        }

        return results;
    }

    public void Dispose()
    {
        Batcher.Dispose();
        _encoder?.Dispose();
    }
}
