using System.ComponentModel.DataAnnotations;

namespace PowerAutomation.Gateway.Documents.Live;

/// <summary>Limits of live connections (section <c>Live</c>). Socket caps and the operation rate hold per gateway.</summary>
public sealed class LiveOptions
{
    public const string Section = "Live";

    /// <summary>Largest frame a client may send; larger ones close the connection with 1009.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxFrameBytes { get; set; } = 2 * 1024 * 1024;

    /// <summary>Frames queued for a client; a client this far behind is closed (4008) and resumes.</summary>
    [Range(16, 1_000_000)]
    public int SendQueueLength { get; set; } = 1024;

    /// <summary>
    /// Bytes waiting for one client (frames queued to send and events not yet turned into frames); past it the
    /// client is closed 4008 <c>too_slow</c> and resumes. One frame larger than this (a big snapshot) still goes
    /// out when nothing else is waiting.
    /// </summary>
    [Range(64 * 1024, 1024 * 1024 * 1024)]
    public int SendQueueBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>How long sending history (a resume, a gap) waits for a client to make room before it is closed too_slow.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan SlowClientWait { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Live connections one user may hold on this gateway; more are closed 4029 <c>too_many_connections</c>.</summary>
    [Range(1, 100_000)]
    public int MaxSocketsPerUser { get; set; } = 32;

    /// <summary>Live connections one document may have on this gateway; more are closed 4029 <c>too_many_connections</c>.</summary>
    [Range(1, 1_000_000)]
    public int MaxSocketsPerDocument { get; set; } = 256;

    /// <summary>Operation and presence frames one user may send a minute, over all their connections to this gateway.</summary>
    [Range(1, 1_000_000)]
    public int OperationsPerMinute { get; set; } = 1200;

    /// <summary>Frames a user may send at once before the per-minute rate applies.</summary>
    [Range(1, 100_000)]
    public int OperationBurst { get; set; } = 100;

    /// <summary>How long a closing connection waits for queued frames to leave and for the client's close reply.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan CloseWait { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a quiet connection waits before checking the history for operations the stream lost.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan GapCheckInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a known session gets to send its resume frame before it is given a snapshot.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan ResumeWait { get; set; } = TimeSpan.FromSeconds(2);
}
