using System.ComponentModel.DataAnnotations;

namespace PowerAutomation.Grains.Workflows;

/// <summary>Workflow engine settings (section <c>Workflows</c>).</summary>
public sealed class WorkflowOptions : IValidatableObject
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

    /// <summary>
    /// The largest value a run may hold (its input, a signal's payload, a step's rendered input or its output), as
    /// compact UTF-8 JSON; a step that would render or produce more fails with <c>value_too_large</c>.
    /// </summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxValueBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// How deeply a value may nest (arrays and objects). Values are written inside run documents a few levels deep, so
    /// this stays well under the 64 levels the JSON readers accept; deeper fails with <c>value_too_deep</c>.
    /// </summary>
    [Range(2, 48)]
    public int MaxValueDepth { get; set; } = 32;

    /// <summary>The most a run's recorded history may hold (bytes of event data); a run that would record more fails with <c>run_too_large</c>.</summary>
    [Range(64 * 1024, 1024 * 1024 * 1024)]
    public int MaxRunHistoryBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>The longest <c>delay</c> a step may ask for; longer is refused when the definition is saved (and when a templated duration renders).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "365.00:00:00")]
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How often a schedule trigger's reminder ticks: a minute (cron's resolution, aligned to the minute) outside tests.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:01:00")]
    public TimeSpan ScheduleTickPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How deep <c>workflow.run</c> children may nest below a top-level run; deeper fails with <c>run_depth_exceeded</c>.</summary>
    [Range(1, 20)]
    public int MaxRunDepth { get; set; } = 5;

    /// <summary>The longest list a <c>foreach</c> takes; longer fails with <c>foreach_too_many_items</c>.</summary>
    [Range(1, 10_000)]
    public int MaxForeachItems { get; set; } = 100;

    public HttpStepOptions Http { get; set; } = new();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // A history must hold at least the run's input, one step's input and output, and the run's output.
        if (MaxRunHistoryBytes < 4L * MaxValueBytes)
        {
            yield return new ValidationResult($"{nameof(MaxRunHistoryBytes)} must be at least 4 × {nameof(MaxValueBytes)}.",
                [nameof(MaxRunHistoryBytes), nameof(MaxValueBytes)]);
        }
    }
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
