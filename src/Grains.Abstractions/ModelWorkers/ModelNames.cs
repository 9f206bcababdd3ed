namespace PowerAutomation.Grains.Abstractions.ModelWorkers;

/// <summary>Models the worker pool serves.</summary>
public static class ModelNames
{
    /// <summary>sentence-transformers/all-MiniLM-L6-v2: 384 dimensions, mean-pooled, L2-normalised.</summary>
    public const string MiniLm = "all-minilm-l6-v2";

    public const int MiniLmDimensions = 384;

    /// <summary>Tokens the model reads of one input at most, [CLS] and [SEP] included; the rest is cut.</summary>
    public const int MiniLmMaxTokens = 256;

    /// <summary>
    /// The most tokens the model can read of one input, known before tokenising: every WordPiece covers at least one
    /// character of the normalised text, normalising (NFD, marks dropped) at most triples a UTF-16 unit (Hangul
    /// syllables into jamo), and the cut applies. The quota reserves this, so no call can spend past the day.
    /// </summary>
    public static int MiniLmTokenBound(string input) => (int)Math.Min(MiniLmMaxTokens, 2L + (3L * input.Length));
}

/// <summary>Why the pool could not embed: stable codes the gateway answers with (503).</summary>
public static class ModelWorkerErrors
{
    /// <summary>Every worker's queue is full.</summary>
    public const string Overloaded = "model_overloaded";

    /// <summary>No worker of the model is running in the cluster.</summary>
    public const string Unavailable = "model_unavailable";
}
