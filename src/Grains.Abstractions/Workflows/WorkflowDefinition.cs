using System.Text.Json;

namespace PowerAutomation.Grains.Abstractions.Workflows;

/// <summary>A validated workflow: a named DAG of steps. Built only by <see cref="WorkflowDefinitionParser"/>.</summary>
public sealed record WorkflowDefinition(string Name, IReadOnlyList<StepDefinition> Steps)
{
    public StepDefinition? Step(string id) => Steps.FirstOrDefault(s => s.Id == id);

    /// <summary>Steps no other step depends on: the run's output comes from them.</summary>
    public IReadOnlyList<StepDefinition> FinalSteps() =>
        Steps.Where(s => !Steps.Any(other => other.DependsOn.Contains(s.Id))).ToList();
}

/// <summary>One step: its input is kept as JSON with its templates unrendered.</summary>
public sealed record StepDefinition(
    string Id,
    string Type,
    JsonElement Input,
    IReadOnlyList<string> DependsOn,
    RetryPolicy Retry,
    TimeSpan? Timeout);
