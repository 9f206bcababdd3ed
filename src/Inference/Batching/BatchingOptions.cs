namespace PowerAutomation.Inference.Batching;

/// <summary>When a batch closes and how much may wait for one.</summary>
public sealed record BatchingOptions
{
    /// <summary>A batch closes once it holds this many items.</summary>
    public int MaxBatchSize { get; init; } = 32;

    /// <summary>...or once its first request has waited this long.</summary>
    public TimeSpan MaxWait { get; init; } = TimeSpan.FromMilliseconds(5);

    /// <summary>Items allowed to wait; a request that would exceed it is refused rather than queued.</summary>
    public int QueueCapacity { get; init; } = 512;

    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBatchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxWait, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(QueueCapacity, MaxBatchSize);
    }
}
