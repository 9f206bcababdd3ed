using System.Text.Json;
using System.Text.Json.Serialization;

namespace PowerAutomation.Gateway.Workflows;

public sealed record WorkflowCreated(Guid WorkflowId, int Version);

/// <summary>A workflow version with its definition as saved (every setting spelled out).</summary>
public sealed record WorkflowResponse(Guid WorkflowId, int Version, int LatestVersion, string Name, JsonElement Steps, DateTimeOffset CreatedAt)
{
    /// <summary>The project the workflow is shared with, shown to its owner.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public SharingRequest? Sharing { get; init; }
}

/// <summary><c>{projectId, role}</c>: members of the project with at least <c>role</c> (viewer, editor, owner) may read and run the workflow.</summary>
public sealed record SharingRequest(Guid? ProjectId, string? Role);

/// <summary><c>{input, version?}</c>: the run's input (any JSON, <c>{}</c> when absent) and the version to run (latest when absent).</summary>
public sealed record StartRunRequest(JsonElement? Input, int? Version);

public sealed record RunStarted(Guid RunId);

public sealed record SignalRequest(JsonElement? Payload);

public sealed record RunErrorResponse(string Code, string Message, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? StepId);

public sealed record StepResponse(
    string Id,
    string Type,
    string Status,
    int Attempts,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonElement? Output,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] RunErrorResponse? Error,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? WaitingUntil);

public sealed record RunResponse(
    Guid RunId,
    Guid WorkflowId,
    int Version,
    string Status,
    IReadOnlyList<StepResponse> Steps,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonElement? Output,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] RunErrorResponse? Error,
    DateTimeOffset CreatedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? FinishedAt,
    bool Paused);

public sealed record RunEventResponse(
    int Seq,
    string Type,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? StepId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Attempt,
    DateTimeOffset Timestamp,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonElement? Data);
