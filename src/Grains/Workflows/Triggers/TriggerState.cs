using PowerAutomation.Grains.Abstractions.Workflows.Triggers;

namespace PowerAutomation.Grains.Workflows.Triggers;

[GenerateSerializer, Alias("pa.TriggerState")]
public sealed class TriggerState
{
    [Id(0)] public Guid OwnerId { get; set; }

    [Id(1)] public Guid WorkflowId { get; set; }

    [Id(2)] public TriggerSpec? Spec { get; set; }

    [Id(3)] public DateTimeOffset CreatedAt { get; set; }

    [Id(4)] public bool Deleted { get; set; }

    /// <summary>A webhook's secret, sealed with the data key.</summary>
    [Id(5)] public string? SealedSecret { get; set; }

    /// <summary>A schedule's latest occurrence that was fired (or refused): the next tick looks only after it.</summary>
    [Id(6)] public DateTimeOffset? LastOccurrence { get; set; }

    /// <summary>The run the trigger started last (a schedule's overlap check asks it).</summary>
    [Id(7)] public Guid? LastRunId { get; set; }

    /// <summary>The latest fires, newest last, at most <see cref="TriggerGrain.RecentFires"/>.</summary>
    [Id(8)] public List<TriggerFire> Fires { get; set; } = [];
}
