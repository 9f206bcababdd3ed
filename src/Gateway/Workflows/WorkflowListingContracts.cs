using System.Text.Json.Serialization;

namespace PowerAutomation.Gateway.Workflows;

/// <summary>API.md's <c>{workflowId, name, version}</c> (the latest version), with when it was created and last saved.</summary>
public sealed record WorkflowListResponse(Guid WorkflowId, string Name, int Version, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>API.md's <c>{runId, workflowId, status, startedAt, endedAt?}</c>, with the version the run keeps.</summary>
public sealed record RunListResponse(
    Guid RunId,
    Guid WorkflowId,
    int Version,
    string Status,
    DateTimeOffset StartedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? EndedAt);
