namespace PowerAutomation.Grains.Abstractions.Workflows;

/// <summary>A workflow in its owner's list: the latest version's name and number.</summary>
[GenerateSerializer, Immutable, Alias("pa.WorkflowListItem")]
public sealed record WorkflowListItem(
    [property: Id(0)] Guid WorkflowId,
    [property: Id(1)] string Name,
    [property: Id(2)] int Version,
    [property: Id(3)] DateTimeOffset CreatedAt,
    [property: Id(4)] DateTimeOffset UpdatedAt);

/// <summary>A run in its owner's list, as the <c>workflow_runs</c> index has it.</summary>
[GenerateSerializer, Immutable, Alias("pa.RunListItem")]
public sealed record RunListItem(
    [property: Id(0)] Guid RunId,
    [property: Id(1)] Guid WorkflowId,
    [property: Id(2)] int Version,
    [property: Id(3)] string Status,
    [property: Id(4)] DateTimeOffset StartedAt,
    [property: Id(5)] DateTimeOffset? EndedAt);

/// <summary>Which of an owner's runs to list: optionally one workflow's, optionally in one status.</summary>
[GenerateSerializer, Immutable, Alias("pa.RunFilter")]
public sealed record RunFilter(
    [property: Id(0)] Guid? WorkflowId,
    [property: Id(1)] string? Status);
