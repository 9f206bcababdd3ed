using System.ComponentModel.DataAnnotations;

namespace PowerAutomation.Grains.ModelWorkers;

/// <summary>The model-worker pool on this silo (section <c>ModelWorkers</c>).</summary>
public sealed class ModelWorkerOptions
{
    public const string Section = "ModelWorkers";

    /// <summary>
    /// <c>auto</c> (every CUDA device this silo's torch build can see), <c>none</c>, or an explicit list such as
    /// <c>cuda:0,cuda:1</c>. One worker per device.
    /// </summary>
    [Required]
    public string Accelerators { get; set; } = "auto";

    /// <summary>Also run one CPU worker, for development machines and clusters without a GPU.</summary>
    public bool CpuWorker { get; set; }

    /// <summary>A batch closes at this many sentences...</summary>
    [Range(1, 4096)]
    public int MaxBatchSize { get; set; } = 32;

    /// <summary>...or when its first request has waited this long.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:01")]
    public TimeSpan MaxBatchWait { get; set; } = TimeSpan.FromMilliseconds(5);

    /// <summary>Sentences allowed to wait per worker; beyond it callers get 503 model_overloaded.</summary>
    [Range(1, 1_000_000)]
    public int QueueCapacity { get; set; } = 1024;

    /// <summary>Torch intra-op threads for CPU workers; empty leaves one per core.</summary>
    [Range(1, 1024)]
    public int? CpuThreads { get; set; }

    /// <summary>How often a worker tells its pool it is alive and how busy it is.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan ReportInterval { get; set; } = TimeSpan.FromSeconds(1);
}
