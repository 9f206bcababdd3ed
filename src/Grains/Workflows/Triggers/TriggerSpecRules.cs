using Microsoft.Extensions.FileSystemGlobbing;
using PowerAutomation.Grains.Abstractions.Workflows.Triggers;

namespace PowerAutomation.Grains.Workflows.Triggers;

/// <summary>What a trigger may ask for, per type: the spec with its defaults filled in, or a message naming the field to fix.</summary>
public static class TriggerSpecRules
{
    public static readonly TimeSpan DefaultDebounce = TimeSpan.FromSeconds(10);

    /// <summary>At least the interval at which documents send change notices, so every window sees its last edit.</summary>
    public static readonly TimeSpan MinDebounce = TimeSpan.FromSeconds(2);

    public static readonly TimeSpan MaxDebounce = TimeSpan.FromHours(1);

    public const int MaxGlobLength = 200;

    public static (TriggerSpec? Spec, string? Error) Normalize(TriggerSpec spec)
    {
        switch (spec.Type)
        {
            case TriggerTypes.Webhook:
                return (new TriggerSpec(TriggerTypes.Webhook, RequireTimestamp: spec.RequireTimestamp), null);

            case TriggerTypes.Schedule:
                var (_, error) = ScheduleCalendar.Parse(spec.Cron, spec.Timezone);
                if (error is not null)
                {
                    return (null, error);
                }

                var overlap = spec.Overlap ?? OverlapPolicies.Skip;
                return overlap is OverlapPolicies.Skip or OverlapPolicies.Allow
                    ? (new TriggerSpec(TriggerTypes.Schedule, spec.Cron!.Trim(), spec.Timezone is { Length: > 0 } zone ? zone : "UTC", Overlap: overlap), null)
                    : (null, $"overlap is \"{OverlapPolicies.Skip}\" (the default) or \"{OverlapPolicies.Allow}\".");

            case TriggerTypes.DocumentChanged:
                if (spec.ProjectId is not { } projectId || projectId == Guid.Empty)
                {
                    return (null, "projectId names the project whose documents start the workflow.");
                }

                if (spec.PathGlob is { } glob && (glob.Length is 0 or > MaxGlobLength || glob.Any(char.IsControl)))
                {
                    return (null, $"pathGlob is a pattern such as \"src/**/*.ts\" of 1 to {MaxGlobLength} characters.");
                }

                var debounce = spec.Debounce ?? DefaultDebounce;
                return debounce < MinDebounce || debounce > MaxDebounce
                    ? (null, $"debounce is between {MinDebounce.TotalSeconds:0} seconds and {MaxDebounce.TotalHours:0} hour (an ISO 8601 duration such as \"PT30S\").")
                    : (new TriggerSpec(TriggerTypes.DocumentChanged, ProjectId: projectId, PathGlob: spec.PathGlob, Debounce: debounce), null);

            default:
                return (null, $"type is one of {string.Join(", ", TriggerTypes.All)}.");
        }
    }

    /// <summary>Whether a document's path is one the trigger watches (every path when it has no glob).</summary>
    public static bool Watches(TriggerSpec spec, string path)
    {
        if (spec.PathGlob is not { } glob)
        {
            return true;
        }

        var matcher = new Matcher(StringComparison.Ordinal);
        matcher.AddInclude(glob);
        return matcher.Match(path).HasMatches;
    }
}
