namespace PowerAutomation.Grains.Abstractions.ModelWorkers;

/// <summary>Models the worker pool serves.</summary>
public static class ModelNames
{
    /// <summary>sentence-transformers/all-MiniLM-L6-v2: 384 dimensions, mean-pooled, L2-normalised.</summary>
    public const string MiniLm = "all-minilm-l6-v2";

    public const int MiniLmDimensions = 384;
}

/// <summary>Why the pool could not embed: stable codes the gateway answers with (503).</summary>
public static class ModelWorkerErrors
{
    /// <summary>Every worker's queue is full.</summary>
    public const string Overloaded = "model_overloaded";

    /// <summary>No worker of the model is running in the cluster.</summary>
    public const string Unavailable = "model_unavailable";
}
