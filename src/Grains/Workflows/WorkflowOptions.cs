using System.ComponentModel.DataAnnotations;

namespace PowerAutomation.Grains.Workflows;

/// <summary>Workflow engine settings (section <c>Workflows</c>).</summary>
public sealed class WorkflowOptions
{
    public const string Section = "Workflows";

    /// <summary>How long a side-effecting step may run when its definition sets no timeout.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan DefaultStepTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Waits longer than this get a reminder of their own, so the run may leave memory while it waits.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan ReminderThreshold { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often the recovery sweep looks for runs nobody drives (a reminder; Orleans' minimum period applies).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan SweepPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long past its next expected progress a run may go unfinished before the sweep wakes it.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan SweepGrace { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Events kept per run; a run that would record more fails (it is almost certainly looping on retries).</summary>
    [Range(10, 1_000_000)]
    public int MaxEventsPerRun { get; set; } = 10_000;

    public HttpStepOptions Http { get; set; } = new();
}

/// <summary>What <c>http.request</c> steps may reach (section <c>Workflows:Http</c>).</summary>
public sealed class HttpStepOptions
{
    /// <summary>
    /// Host names steps may call: exact names, or <c>*.example.com</c> for subdomains. Empty means none: workflows
    /// reach nothing until an operator allows it.
    /// </summary>
    public List<string> AllowedHosts { get; set; } = [];

    /// <summary>Whether allowed hosts may resolve to loopback, private, link-local or other internal addresses.</summary>
    public bool AllowPrivateNetworks { get; set; }

    [Range(1024, 64 * 1024 * 1024)]
    public int MaxResponseBytes { get; set; } = 1024 * 1024;
}
