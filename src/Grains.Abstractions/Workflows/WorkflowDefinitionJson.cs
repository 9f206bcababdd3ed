using System.Text.Json.Nodes;

namespace PowerAutomation.Grains.Abstractions.Workflows;

/// <summary>The canonical JSON of a validated definition: every setting spelled out, durations in ISO 8601.</summary>
public static class WorkflowDefinitionJson
{
    public static string Write(WorkflowDefinition definition) => ToNode(definition).ToJsonString();

    public static JsonObject ToNode(WorkflowDefinition definition) => new()
    {
        ["name"] = definition.Name,
        ["steps"] = new JsonArray(definition.Steps.Select(step => (JsonNode)new JsonObject
        {
            ["id"] = step.Id,
            ["type"] = step.Type,
            ["input"] = JsonNode.Parse(step.Input.GetRawText()),
            ["dependsOn"] = new JsonArray(step.DependsOn.Select(d => (JsonNode)JsonValue.Create(d)!).ToArray()),
            ["retry"] = new JsonObject
            {
                ["maxAttempts"] = step.Retry.MaxAttempts,
                ["initialDelay"] = Durations.Write(step.Retry.InitialDelay),
                ["backoffFactor"] = step.Retry.BackoffFactor,
            },
            ["timeout"] = step.Timeout is { } timeout ? Durations.Write(timeout) : null,
        }).ToArray()),
    };
}
