namespace PowerAutomation.Grains.Workflows.Engine;

/// <summary>The bounds the engine keeps a run within (from <see cref="WorkflowOptions"/>).</summary>
public sealed record RunLimits(int MaxValueBytes, int MaxValueDepth, long MaxHistoryBytes, int MaxEvents, TimeSpan MaxDelay)
{
    public static RunLimits Default { get; } = From(new WorkflowOptions());

    public static RunLimits From(WorkflowOptions options) =>
        new(options.MaxValueBytes, options.MaxValueDepth, options.MaxRunHistoryBytes, options.MaxEventsPerRun, options.MaxDelay);
}
