using System.ComponentModel.DataAnnotations;

namespace PowerAutomation.Gateway.Documents.Live;

/// <summary>Limits of live connections (section <c>Live</c>).</summary>
public sealed class LiveOptions
{
    public const string Section = "Live";

    /// <summary>Largest frame a client may send; larger ones close the connection with 1009.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxFrameBytes { get; set; } = 2 * 1024 * 1024;

    /// <summary>Frames queued for a client; a client this far behind is closed (4008) and resumes.</summary>
    [Range(16, 1_000_000)]
    public int SendQueueLength { get; set; } = 1024;

    /// <summary>How long a quiet connection waits before checking the history for operations the stream lost.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan GapCheckInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a known session gets to send its resume frame before it is given a snapshot.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan ResumeWait { get; set; } = TimeSpan.FromSeconds(2);
}
