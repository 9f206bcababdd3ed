namespace PowerAutomation.Grains.Workflows;

[GenerateSerializer, Alias("pa.WorkflowState")]
public sealed class WorkflowState
{
    [Id(0)] public Guid OwnerId { get; set; }

    /// <summary>Every version ever saved, oldest first; version n is at index n-1.</summary>
    [Id(1)] public List<StoredWorkflowVersion> Versions { get; set; } = [];

    /// <summary>The workflow's triggers (their grains hold the rest), oldest first.</summary>
    [Id(2)] public List<Guid> TriggerIds { get; set; } = [];

    /// <summary>The project whose members (with at least <see cref="SharedRole"/>) may read the workflow and run it as themselves.</summary>
    [Id(3)] public Guid? SharedWithProject { get; set; }

    [Id(4)] public string? SharedRole { get; set; }
}

[GenerateSerializer, Immutable, Alias("pa.StoredWorkflowVersion")]
public sealed record StoredWorkflowVersion(
    [property: Id(0)] string Name,
    [property: Id(1)] string DefinitionJson,
    [property: Id(2)] DateTimeOffset CreatedAt);
