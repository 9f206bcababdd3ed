using System.Globalization;
using System.Text.Json;

namespace PowerAutomation.Grains.Abstractions.Workflows;

/// <summary>
/// Reads and validates the definition body of API.md: unique step ids, known types, inputs each type can use,
/// known and acyclic dependencies, retry and timeout settings, and templates that reference only the run input and
/// steps the step depends on (directly or not). Every error names its step when it is about one. With
/// <see cref="DefinitionLimits"/> (when saving) it also bounds delays and how deeply inputs nest; a number sent as a
/// string is an error with code <c>invalid_json</c>.
/// </summary>
public static class WorkflowDefinitionParser
{
    public const int MaxSteps = 100;
    public const int MaxNameLength = 200;
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromDays(7);
    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromDays(1);

    public static (WorkflowDefinition? Definition, IReadOnlyList<DefinitionError> Errors) Parse(string json, DefinitionLimits? limits = null)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return Parse(document.RootElement, limits);
        }
        catch (JsonException)
        {
            return (null, [new DefinitionError(null, "", "The definition is not valid JSON.", WorkflowErrors.InvalidJson)]);
        }
        catch (InvalidOperationException)
        {
            // An escaped lone surrogate parses, but its string cannot be read: it is not text.
            return (null, [new DefinitionError(null, "", "The definition holds a string that is not valid Unicode text.", WorkflowErrors.InvalidJson)]);
        }
    }

    public static (WorkflowDefinition? Definition, IReadOnlyList<DefinitionError> Errors) Parse(JsonElement root, DefinitionLimits? limits = null)
    {
        var errors = new List<DefinitionError>();
        if (root.ValueKind != JsonValueKind.Object)
        {
            return (null, [new DefinitionError(null, "", "The definition must be a JSON object {name, steps}.")]);
        }

        string? name = null;
        if (!root.TryGetProperty("name", out var nameElement) || nameElement.ValueKind != JsonValueKind.String
            || (name = nameElement.GetString()!.Trim()).Length is 0 or > MaxNameLength)
        {
            errors.Add(new DefinitionError(null, "name", $"name is required: a string of 1 to {MaxNameLength} characters."));
        }

        if (!root.TryGetProperty("steps", out var stepsElement) || stepsElement.ValueKind != JsonValueKind.Array)
        {
            errors.Add(new DefinitionError(null, "steps", "steps is required: an array of steps."));
            return (null, errors);
        }

        var count = stepsElement.GetArrayLength();
        if (count is 0 or > MaxSteps)
        {
            errors.Add(new DefinitionError(null, "steps", $"A workflow has 1 to {MaxSteps} steps."));
            return (null, errors);
        }

        var steps = new List<StepDefinition>();
        var index = 0;
        foreach (var element in stepsElement.EnumerateArray())
        {
            if (ParseStep(element, index++, limits, errors) is { } step)
            {
                if (steps.Any(s => s.Id == step.Id))
                {
                    errors.Add(new DefinitionError(step.Id, "id", $"Step id '{step.Id}' is used by more than one step."));
                }
                else
                {
                    steps.Add(step);
                }
            }
        }

        if (errors.Count == 0)
        {
            CheckGraph(steps, errors);
        }

        return errors.Count == 0 ? (new WorkflowDefinition(name!, steps), errors) : (null, errors);
    }

    private static StepDefinition? ParseStep(JsonElement element, int index, DefinitionLimits? limits, List<DefinitionError> errors)
    {
        var before = errors.Count;
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new DefinitionError(null, $"steps[{index}]", $"steps[{index}] must be an object."));
            return null;
        }

        var id = element.TryGetProperty("id", out var idElement) && idElement.ValueKind == JsonValueKind.String ? idElement.GetString() : null;
        if (!SignalNames.IsValidStepId(id))
        {
            errors.Add(new DefinitionError(id, $"steps[{index}].id",
                $"steps[{index}].id is required: a letter, then letters, digits, '_' or '-' (at most 64)."));
            return null;
        }

        var stepId = id!;
        var type = element.TryGetProperty("type", out var typeElement) && typeElement.ValueKind == JsonValueKind.String ? typeElement.GetString() : null;
        if (!StepTypes.IsKnown(type))
        {
            errors.Add(new DefinitionError(stepId, "type", $"Step '{stepId}' has unknown type '{type}'; known types: {string.Join(", ", StepTypes.All)}."));
        }

        if (!element.TryGetProperty("input", out var input))
        {
            errors.Add(new DefinitionError(stepId, "input", $"Step '{stepId}' has no input."));
        }
        else if (type is not null && StepTypes.IsKnown(type))
        {
            errors.AddRange(StepInputRules.Check(type, input).Select(message => new DefinitionError(stepId, "input", $"Step '{stepId}': {message}")));
            CheckNumbers(stepId, type, input, errors);
            if (limits is not null)
            {
                CheckLimits(stepId, type, input, limits, errors);
            }
        }

        var dependsOn = new List<string>();
        if (element.TryGetProperty("dependsOn", out var depends) && depends.ValueKind != JsonValueKind.Null)
        {
            if (depends.ValueKind != JsonValueKind.Array || depends.EnumerateArray().Any(d => d.ValueKind != JsonValueKind.String))
            {
                errors.Add(new DefinitionError(stepId, "dependsOn", $"Step '{stepId}': dependsOn must be an array of step ids."));
            }
            else
            {
                dependsOn.AddRange(depends.EnumerateArray().Select(d => d.GetString()!));
            }
        }

        var retry = ParseRetry(element, stepId, errors);
        TimeSpan? timeout = null;
        if (element.TryGetProperty("timeout", out var timeoutElement) && timeoutElement.ValueKind != JsonValueKind.Null)
        {
            if (IsNumberAsString(timeoutElement))
            {
                errors.Add(NumberAsString(stepId, "timeout"));
            }
            else if (!Durations.TryRead(timeoutElement, out var parsed) || parsed <= TimeSpan.Zero || parsed > MaxTimeout)
            {
                errors.Add(new DefinitionError(stepId, "timeout", $"Step '{stepId}': timeout must be a positive ISO 8601 duration of at most 7 days."));
            }
            else
            {
                timeout = parsed;
            }
        }

        return errors.Count == before ? new StepDefinition(stepId, type!, input.Clone(), dependsOn, retry, timeout) : null;
    }

    private static RetryPolicy ParseRetry(JsonElement element, string stepId, List<DefinitionError> errors)
    {
        if (!element.TryGetProperty("retry", out var retry) || retry.ValueKind == JsonValueKind.Null)
        {
            return RetryPolicy.None;
        }

        if (retry.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new DefinitionError(stepId, "retry", $"Step '{stepId}': retry must be an object {{maxAttempts, initialDelay, backoffFactor}}."));
            return RetryPolicy.None;
        }

        var policy = RetryPolicy.None;
        if (retry.TryGetProperty("maxAttempts", out var attemptsText) && IsNumberAsString(attemptsText))
        {
            errors.Add(NumberAsString(stepId, "retry.maxAttempts"));
        }
        else if (!retry.TryGetProperty("maxAttempts", out var attempts) || !attempts.TryGetInt32Safe(out var maxAttempts)
            || maxAttempts is < 1 or > RetryPolicy.MaxAttemptsLimit)
        {
            errors.Add(new DefinitionError(stepId, "retry.maxAttempts", $"Step '{stepId}': retry.maxAttempts is required, from 1 to {RetryPolicy.MaxAttemptsLimit}."));
        }
        else
        {
            policy = policy with { MaxAttempts = maxAttempts };
        }

        if (retry.TryGetProperty("initialDelay", out var delay))
        {
            if (IsNumberAsString(delay))
            {
                errors.Add(NumberAsString(stepId, "retry.initialDelay"));
            }
            else if (!Durations.TryRead(delay, out var initialDelay) || initialDelay > MaxRetryDelay)
            {
                errors.Add(new DefinitionError(stepId, "retry.initialDelay", $"Step '{stepId}': retry.initialDelay must be an ISO 8601 duration of at most a day."));
            }
            else
            {
                policy = policy with { InitialDelay = initialDelay };
            }
        }

        if (retry.TryGetProperty("backoffFactor", out var factor))
        {
            if (IsNumberAsString(factor))
            {
                errors.Add(NumberAsString(stepId, "retry.backoffFactor"));
            }
            else if (factor.ValueKind != JsonValueKind.Number || !factor.TryGetDouble(out var backoff) || backoff is < 1 or > 10)
            {
                errors.Add(new DefinitionError(stepId, "retry.backoffFactor", $"Step '{stepId}': retry.backoffFactor must be a number from 1 to 10."));
            }
            else
            {
                policy = policy with { BackoffFactor = backoff };
            }
        }

        return policy;
    }

    private static void CheckGraph(List<StepDefinition> steps, List<DefinitionError> errors)
    {
        var ids = steps.Select(s => s.Id).ToHashSet();
        foreach (var step in steps)
        {
            foreach (var dependency in step.DependsOn)
            {
                if (dependency == step.Id)
                {
                    errors.Add(new DefinitionError(step.Id, "dependsOn", $"Step '{step.Id}' depends on itself."));
                }
                else if (!ids.Contains(dependency))
                {
                    errors.Add(new DefinitionError(step.Id, "dependsOn", $"Step '{step.Id}' depends on '{dependency}', which is not a step of this workflow."));
                }
            }

            if (step.DependsOn.Distinct().Count() != step.DependsOn.Count)
            {
                errors.Add(new DefinitionError(step.Id, "dependsOn", $"Step '{step.Id}' names a dependency twice."));
            }
        }

        if (errors.Count > 0)
        {
            return;
        }

        var graph = steps.ToDictionary(s => s.Id, s => s.DependsOn);
        if (WorkflowGraph.FindCycle(graph) is { } onCycle)
        {
            errors.Add(new DefinitionError(onCycle, "dependsOn", $"Step '{onCycle}' is on a dependency cycle; steps must form a DAG."));
            return;
        }

        foreach (var step in steps)
        {
            var ancestors = WorkflowGraph.Ancestors(graph, step.Id);
            // An if step's condition is an expression, not a plain template: its references are those it reads.
            var references = step.Type == StepTypes.If
                ? StepInputRules.ConditionOf(step.Input, out _) is { } condition
                    ? Conditions.Condition.References(condition).Select(r => ((ReferencePart?)r, (string?)null))
                    : []
                : Templates.ReferencesIn(step.Input);
            var misplacedItem = step.Type == StepTypes.Foreach
                ? step.Input.TryGetProperty("items", out var items) ? Templates.ItemsIn(items).FirstOrDefault() : null
                : Templates.ItemsIn(step.Input).FirstOrDefault();
            if (misplacedItem is not null)
            {
                errors.Add(new DefinitionError(step.Id, "input",
                    $"Step '{step.Id}' uses {misplacedItem.Text}, which exists only in the step a foreach runs per element (input.step.input)."));
            }

            foreach (var (reference, error) in references)
            {
                if (error is not null)
                {
                    errors.Add(new DefinitionError(step.Id, "input", $"Step '{step.Id}': {error}"));
                }
                else if (reference!.StepId is { } referenced && !ancestors.Contains(referenced))
                {
                    errors.Add(new DefinitionError(step.Id, "input", ids.Contains(referenced)
                        ? $"Step '{step.Id}' uses {reference.Text}, but does not depend on '{referenced}' (directly or not), so its output is not known yet."
                        : $"Step '{step.Id}' uses {reference.Text}, but there is no step '{referenced}'."));
                }
            }
        }
    }

    /// <summary>Fields of a step's input that hold numbers (or durations, which may be numbers of seconds).</summary>
    private static void CheckNumbers(string stepId, string type, JsonElement input, List<DefinitionError> errors)
    {
        foreach (var path in StepInputRules.NumberFields(type))
        {
            if (Member(input, path) is { } value && IsNumberAsString(value))
            {
                errors.Add(NumberAsString(stepId, "input." + path));
            }
        }
    }

    /// <summary>The save-time bounds: a literal delay no longer than MaxDelay, inputs that are text and no deeper than MaxValueDepth.</summary>
    private static void CheckLimits(string stepId, string type, JsonElement input, DefinitionLimits limits, List<DefinitionError> errors)
    {
        if (type == StepTypes.Delay && Member(input, "duration") is { } duration && !Templates.IsTemplated(duration)
            && Durations.TryRead(duration, out var wait) && wait > limits.MaxDelay)
        {
            errors.Add(new DefinitionError(stepId, "input.duration",
                $"Step '{stepId}': input.duration is longer than {Durations.Write(limits.MaxDelay)}, the longest delay allowed (Workflows:MaxDelay)."));
        }

        if (!Json.JsonTextRules.IsStorable(input))
        {
            errors.Add(new DefinitionError(stepId, "input",
                $"Step '{stepId}': input holds a string with a lone surrogate or U+0000, which is not text.", WorkflowErrors.InvalidJson));
        }

        // The input nests one level inside its step, which nests inside the recorded definition: bounded here, every
        // document it is written into stays within what the JSON readers accept.
        if (JsonDepth.Exceeds(input, limits.MaxValueDepth))
        {
            errors.Add(new DefinitionError(stepId, "input",
                $"Step '{stepId}': input nests deeper than {limits.MaxValueDepth} levels (Workflows:MaxValueDepth)."));
        }
    }

    private static JsonElement? Member(JsonElement element, string path)
    {
        foreach (var name in path.Split('.'))
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element))
            {
                return null;
            }
        }

        return element;
    }

    /// <summary>A JSON string whose text is a number, such as <c>"3"</c>: API.md refuses numbers sent as strings.</summary>
    private static bool IsNumberAsString(JsonElement element) =>
        element.ValueKind == JsonValueKind.String
        && double.TryParse(element.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    private static DefinitionError NumberAsString(string stepId, string field) =>
        new(stepId, field, $"Step '{stepId}': {field} is a number, sent as a string; send it as a JSON number.", WorkflowErrors.InvalidJson);

    private static bool TryGetInt32Safe(this JsonElement element, out int value)
    {
        value = 0;
        return element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out value);
    }
}
