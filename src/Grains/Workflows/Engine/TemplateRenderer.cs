using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PowerAutomation.Grains.Abstractions.Workflows;

namespace PowerAutomation.Grains.Workflows.Engine;

/// <summary>A template that points at nothing when the step runs (a missing member, an index past the end).</summary>
public sealed class TemplateException(string message) : Exception(message);

/// <summary>
/// Renders a step's input: a string that is exactly one template becomes the JSON value it refers to; templates
/// inside longer strings are written as text (strings as they are, other values as JSON, null as nothing).
/// </summary>
public static class TemplateRenderer
{
    public static JsonNode? Render(JsonElement input, JsonNode? runInput, Func<string, JsonNode?> stepOutput) =>
        input.ValueKind switch
        {
            JsonValueKind.String => RenderString(input.GetString()!, runInput, stepOutput),
            JsonValueKind.Array => new JsonArray(input.EnumerateArray().Select(item => Render(item, runInput, stepOutput)).ToArray()),
            JsonValueKind.Object => RenderObject(input, runInput, stepOutput),
            _ => JsonNode.Parse(input.GetRawText()),
        };

    private static JsonObject RenderObject(JsonElement input, JsonNode? runInput, Func<string, JsonNode?> stepOutput)
    {
        var result = new JsonObject();
        foreach (var member in input.EnumerateObject())
        {
            result[member.Name] = Render(member.Value, runInput, stepOutput);
        }

        return result;
    }

    private static JsonNode? RenderString(string text, JsonNode? runInput, Func<string, JsonNode?> stepOutput)
    {
        if (!text.Contains("{{", StringComparison.Ordinal))
        {
            return JsonValue.Create(text);
        }

        if (!Templates.TryParse(text, out var parts, out var error))
        {
            throw new TemplateException(error!);
        }

        if (Templates.AsWholeValue(parts) is { } whole)
        {
            return Resolve(whole, runInput, stepOutput)?.DeepClone();
        }

        var rendered = new StringBuilder();
        foreach (var part in parts)
        {
            rendered.Append(part switch
            {
                LiteralPart literal => literal.Text,
                ReferencePart reference => AsText(Resolve(reference, runInput, stepOutput)),
                _ => "",
            });
        }

        return JsonValue.Create(rendered.ToString());
    }

    private static JsonNode? Resolve(ReferencePart reference, JsonNode? runInput, Func<string, JsonNode?> stepOutput)
    {
        var node = reference.StepId is { } stepId ? stepOutput(stepId) : runInput;
        foreach (var segment in reference.Path)
        {
            node = node switch
            {
                JsonObject obj when obj.TryGetPropertyValue(segment, out var member) => member,
                JsonArray array when int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < array.Count => array[index],
                _ => throw new TemplateException($"{reference.Text} refers to nothing: '{segment}' is not there."),
            };
        }

        return node;
    }

    private static string AsText(JsonNode? node) => node switch
    {
        null => "",
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        _ => node.ToJsonString(),
    };
}
