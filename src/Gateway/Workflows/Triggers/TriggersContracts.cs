using System.Text.Json.Serialization;

namespace PowerAutomation.Gateway.Workflows.Triggers;

/// <summary>
/// <c>{type, …}</c>: <c>webhook</c> <c>{requireTimestamp?}</c>, <c>schedule</c> <c>{cron, timezone?, overlap?}</c>,
/// <c>document.changed</c> <c>{projectId, pathGlob?, debounce?}</c> (debounce an ISO 8601 duration, default PT10S).
/// </summary>
public sealed record TriggerRequest(
    string? Type,
    string? Cron,
    string? Timezone,
    string? Overlap,
    Guid? ProjectId,
    string? PathGlob,
    string? Debounce,
    bool? RequireTimestamp);

public sealed record TriggerFireResponse(
    DateTimeOffset At,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Guid? RunId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error);

/// <summary>A trigger: its type's fields, a webhook's <c>url</c> (and <c>secret</c>, in the answer to creating it only), a schedule's next fire, recent fires.</summary>
public sealed record TriggerResponse(
    Guid TriggerId,
    Guid WorkflowId,
    string Type,
    DateTimeOffset CreatedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Url,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Secret,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? RequireTimestamp,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Cron,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Timezone,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Overlap,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? NextFireAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Guid? ProjectId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? PathGlob,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Debounce,
    IReadOnlyList<TriggerFireResponse> RecentFires);
