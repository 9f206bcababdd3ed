using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PowerAutomation.Grains.Abstractions.Workflows;
using PowerAutomation.Grains.Abstractions.Workflows.Secrets;

namespace PowerAutomation.Grains.Workflows.Engine;

/// <summary>A template that points at nothing when the step runs (a missing member, an index past the end).</summary>
public sealed class TemplateException(string message) : Exception(message);

/// <summary>
/// Renders a step's input: a string that is exactly one template becomes the JSON value it refers to; templates
/// inside longer strings are written as text (strings as they are, other values as JSON, null as nothing).
/// The size and depth are counted while rendering, and each referenced value is measured before it is copied, so an
/// input that would pass <see cref="RunLimits.MaxValueBytes"/> (two copies of a step's output, doubling per step) is
/// refused with <see cref="ValueRefusedException"/> before it is ever built.
/// <c>{{secrets.NAME}}</c> stays as it is written, for the http step to fill in when it sends; a referenced value that
/// would add such a placeholder is refused, so a run's data (a webhook body, say) cannot ask for a secret.
/// </summary>
public static class TemplateRenderer
{
    private const string What = "The step's rendered input";

    /// <param name="keepSecrets">Whether the step may hold secret placeholders (<c>http.request</c>); otherwise one is refused.</param>
    public static JsonNode? Render(JsonElement input, JsonNode? runInput, Func<string, JsonNode?> stepOutput, RunLimits limits, bool keepSecrets = false) =>
        new Rendering(runInput, stepOutput, limits, keepSecrets).Render(input, 0);

    /// <summary>
    /// A foreach element's input: the step's input as the run rendered it, with <c>{{item…}}</c> and <c>{{index}}</c>
    /// filled in (a string that is exactly one becomes the value; inside text, values are written as text). Nothing
    /// else is rendered again, so text a value brought in that looks like a template stays text.
    /// </summary>
    public static JsonNode? RenderItem(JsonNode? template, JsonNode? item, int index) => template switch
    {
        JsonObject obj => new JsonObject(obj.Select(m => KeyValuePair.Create(m.Key, RenderItem(m.Value, item, index)))),
        JsonArray array => new JsonArray([.. array.Select(e => RenderItem(e, item, index))]),
        JsonValue value when value.TryGetValue<string>(out var text) && text.Contains("{{", StringComparison.Ordinal)
            && Templates.TryParse(text, out var parts, out _) && parts.Any(p => p is ItemPart) => RenderItemString(parts, item, index),
        _ => template?.DeepClone(),
    };

    private static JsonNode? RenderItemString(IReadOnlyList<TemplatePart> parts, JsonNode? item, int index)
    {
        if (parts is [ItemPart whole])
        {
            return ResolveItem(whole, item, index)?.DeepClone();
        }

        var rendered = new StringBuilder();
        foreach (var part in parts)
        {
            rendered.Append(part switch
            {
                LiteralPart literal => literal.Text,
                ItemPart element => ResolveItem(element, item, index) switch
                {
                    null => "",
                    JsonValue v when v.TryGetValue<string>(out var s) => s,
                    var other => other.ToJsonString(),
                },
                ReferencePart reference => reference.Text,
                SecretPart secret => secret.Text,
                _ => "",
            });
        }

        return JsonValue.Create(rendered.ToString());
    }

    private static JsonNode? ResolveItem(ItemPart part, JsonNode? item, int index) =>
        part.IsIndex ? JsonValue.Create(index)
            : TryResolve(new ReferencePart(null, part.Path, part.Text), item, _ => null, out var value, out var missing) ? value
                : throw new TemplateException($"{part.Text} refers to nothing in element {index}: '{missing}' is not there.");

    /// <summary>
    /// Walks a reference from the run's input or a step's output through object members and array indices; false,
    /// with the first segment that is not there, when it points at nothing. Conditions resolve references the same way.
    /// </summary>
    public static bool TryResolve(ReferencePart reference, JsonNode? runInput, Func<string, JsonNode?> stepOutput, out JsonNode? value, out string? missing)
    {
        value = reference.StepId is { } stepId ? stepOutput(stepId) : runInput;
        missing = null;
        foreach (var segment in reference.Path)
        {
            switch (value)
            {
                case JsonObject obj when obj.TryGetPropertyValue(segment, out var member):
                    value = member;
                    break;
                case JsonArray array when int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < array.Count:
                    value = array[index];
                    break;
                default:
                    (value, missing) = (null, segment);
                    return false;
            }
        }

        return true;
    }

    private sealed class Rendering(JsonNode? runInput, Func<string, JsonNode?> stepOutput, RunLimits limits, bool keepSecrets)
    {
        private long _used;

        public JsonNode? Render(JsonElement input, int depth)
        {
            switch (input.ValueKind)
            {
                case JsonValueKind.String:
                    return RenderString(input.GetString()!, depth);
                case JsonValueKind.Array:
                    Enter(depth, 1 + input.GetArrayLength());
                    return new JsonArray(input.EnumerateArray().Select(item => Render(item, depth + 1)).ToArray());
                case JsonValueKind.Object:
                    Enter(depth, 1);
                    var result = new JsonObject();
                    foreach (var member in input.EnumerateObject())
                    {
                        Charge(ValueMeter.StringSize(member.Name, What) + 2);
                        result[member.Name] = Render(member.Value, depth + 1);
                    }

                    return result;
                default:
                    Charge(input.GetRawText().Length);
                    return JsonNode.Parse(input.GetRawText());
            }
        }

        private JsonNode? RenderString(string text, int depth)
        {
            if (!text.Contains("{{", StringComparison.Ordinal))
            {
                Charge(ValueMeter.StringSize(text, What));
                return JsonValue.Create(text);
            }

            if (!Templates.TryParse(text, out var parts, out var error))
            {
                throw new TemplateException(error!);
            }

            var secrets = parts.OfType<SecretPart>().ToList();
            if (secrets.Count > 0 && !keepSecrets)
            {
                throw new TemplateException($"{secrets[0].Text}: secrets may only be used in the headers and body of an http.request step.");
            }

            if (Templates.AsWholeValue(parts) is { } whole)
            {
                var value = Resolve(whole);
                Charge(ValueMeter.Measure(value, limits.MaxValueBytes - _used, limits.MaxValueDepth - depth, What));
                if (keepSecrets && SecretPlaceholders.AppearsIn(value))
                {
                    throw SmuggledSecret(whole.Text);
                }

                return value?.DeepClone();
            }

            Charge(2);
            var rendered = new StringBuilder();
            foreach (var part in parts)
            {
                var piece = part switch
                {
                    LiteralPart literal => literal.Text,
                    ReferencePart reference => AsText(Resolve(reference)),
                    SecretPart secret => secret.Text,
                    ItemPart item => item.Text, // Filled in per element by the foreach.
                    _ => "",
                };

                // Each piece is counted before it is appended: the string never grows past the bound.
                Charge(ValueMeter.StringSize(piece, What) - 2);
                rendered.Append(piece);
            }

            // Placeholders the definition did not write (a value holding one, or ending in half of one) are refused.
            var result = rendered.ToString();
            if (keepSecrets && SecretPlaceholders.Count(result) != secrets.Count)
            {
                throw SmuggledSecret(parts.OfType<ReferencePart>().FirstOrDefault()?.Text ?? Excerpt(text));
            }

            return JsonValue.Create(result);
        }

        private void Enter(int depth, long bytes)
        {
            if (depth + 1 > limits.MaxValueDepth)
            {
                throw ValueMeter.TooDeep(What, limits.MaxValueDepth);
            }

            Charge(bytes);
        }

        private void Charge(long bytes)
        {
            _used += bytes;
            if (_used > limits.MaxValueBytes)
            {
                throw ValueMeter.TooLarge(What, limits.MaxValueBytes);
            }
        }

        private static string Excerpt(string text) => text.Length > 40 ? text[..40] + "…" : text;

        private static TemplateException SmuggledSecret(string where) =>
            new($"{where} holds text that reads as {{{{secrets.NAME}}}}; secrets may only be named in the definition.");

        private JsonNode? Resolve(ReferencePart reference) =>
            TryResolve(reference, runInput, stepOutput, out var node, out var missing) ? node
                : throw new TemplateException($"{reference.Text} refers to nothing: '{missing}' is not there.");

        /// <summary>A value as text inside a longer string; measured first, so a large value is refused before it is written out.</summary>
        private string AsText(JsonNode? node)
        {
            switch (node)
            {
                case null:
                    return "";
                case JsonValue value when value.GetValueKind() == JsonValueKind.String && value.TryGetValue<string>(out var text):
                    return text;
                default:
                    ValueMeter.Measure(node, limits.MaxValueBytes - _used, limits.MaxValueDepth, What);
                    return node.ToJsonString();
            }
        }
    }
}
