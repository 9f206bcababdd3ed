using System.Text.Json;
using PowerAutomation.Grains.Abstractions.Workflows.Secrets;

namespace PowerAutomation.Grains.Abstractions.Workflows;

/// <summary>A piece of a templated string: literal text, or a reference such as <c>{{steps.fetch.output.body}}</c>.</summary>
public abstract record TemplatePart;

public sealed record LiteralPart(string Text) : TemplatePart;

/// <summary>
/// <c>{{input.a.b}}</c> (<see cref="StepId"/> null) or <c>{{steps.ID.output.a}}</c>; <see cref="Path"/> is what follows
/// <c>input</c> or <c>output</c>, object members or array indices.
/// </summary>
public sealed record ReferencePart(string? StepId, IReadOnlyList<string> Path, string Text) : TemplatePart;

/// <summary>
/// <c>{{secrets.NAME}}</c>: one of the run owner's secrets. Rendering leaves it as it is written (<see cref="Text"/>);
/// only <c>http.request</c> puts the value in, at send time, so the value is never recorded.
/// </summary>
public sealed record SecretPart(string Name, string Text) : TemplatePart;

/// <summary>
/// <c>{{item.a}}</c> or <c>{{index}}</c> inside the step of a <c>foreach</c>: the current element (<see cref="Path"/>
/// into it) or its position. The run's rendering leaves it as written; the foreach fills it in per element.
/// </summary>
public sealed record ItemPart(bool IsIndex, IReadOnlyList<string> Path, string Text) : TemplatePart;

/// <summary>
/// The template syntax of API.md. Parsing is strict so that a definition with a typo is refused when saved, not
/// when a run reaches the step.
/// </summary>
public static class Templates
{
    public static bool TryParse(string text, out IReadOnlyList<TemplatePart> parts, out string? error)
    {
        var result = new List<TemplatePart>();
        parts = result;
        error = null;
        var position = 0;
        while (position < text.Length)
        {
            var open = text.IndexOf("{{", position, StringComparison.Ordinal);
            if (open < 0)
            {
                result.Add(new LiteralPart(text[position..]));
                break;
            }

            if (open > position)
            {
                result.Add(new LiteralPart(text[position..open]));
            }

            var close = text.IndexOf("}}", open + 2, StringComparison.Ordinal);
            if (close < 0)
            {
                error = $"'{Excerpt(text[open..])}' opens a template that is never closed with '}}}}'.";
                return false;
            }

            var inner = text[(open + 2)..close].Trim();
            if (ParsePart(inner, text[open..(close + 2)]) is not { } part)
            {
                error = $"'{{{{{inner}}}}}' is not a template: use {{{{input.PATH}}}}, {{{{steps.ID.output.PATH}}}} or {{{{secrets.NAME}}}}.";
                return false;
            }

            result.Add(part);
            position = close + 2;
        }

        return true;
    }

    /// <summary>Whether the string is exactly one template, which then stands for a JSON value rather than text.</summary>
    public static ReferencePart? AsWholeValue(IReadOnlyList<TemplatePart> parts) =>
        parts is [ReferencePart reference] ? reference : null;

    /// <summary>Every template reference inside a JSON value (in strings at any depth; member names are not templated).</summary>
    public static IEnumerable<(ReferencePart? Reference, string? Error)> ReferencesIn(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                if (!TryParse(element.GetString()!, out var parts, out var error))
                {
                    yield return (null, error);
                    yield break;
                }

                foreach (var reference in parts.OfType<ReferencePart>())
                {
                    yield return (reference, null);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    foreach (var found in ReferencesIn(item))
                    {
                        yield return found;
                    }
                }

                break;
            case JsonValueKind.Object:
                foreach (var member in element.EnumerateObject())
                {
                    foreach (var found in ReferencesIn(member.Value))
                    {
                        yield return found;
                    }
                }

                break;
        }
    }

    /// <summary>Whether a JSON string holds any template (so its value is only known when the step runs).</summary>
    public static bool IsTemplated(JsonElement element) =>
        element.ValueKind == JsonValueKind.String && element.GetString()!.Contains("{{", StringComparison.Ordinal);

    /// <summary>Every <c>{{secrets.NAME}}</c> inside a JSON value (strings that are not well-formed templates hold none; member names are not templated).</summary>
    public static IEnumerable<SecretPart> SecretsIn(JsonElement element) =>
        PartsIn(element).OfType<SecretPart>();

    /// <summary>Every <c>{{item…}}</c> and <c>{{index}}</c> inside a JSON value.</summary>
    public static IEnumerable<ItemPart> ItemsIn(JsonElement element) =>
        PartsIn(element).OfType<ItemPart>();

    private static IEnumerable<TemplatePart> PartsIn(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => TryParse(element.GetString()!, out var parts, out _) ? parts : [],
        JsonValueKind.Array => element.EnumerateArray().SelectMany(PartsIn),
        JsonValueKind.Object => element.EnumerateObject().SelectMany(m => PartsIn(m.Value)),
        _ => [],
    };

    private static TemplatePart? ParsePart(string inner, string text)
    {
        var segments = inner.Split('.');
        if (segments.Any(s => s.Length == 0 || !s.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-')))
        {
            return null;
        }

        return segments switch
        {
            ["input", .. var path] => new ReferencePart(null, path, text),
            ["steps", var stepId, "output", .. var path] => new ReferencePart(stepId, path, text),
            ["secrets", var name] when SecretNames.IsValid(name) => new SecretPart(name, text),
            ["item", .. var path] => new ItemPart(false, path, text),
            ["index"] => new ItemPart(true, [], text),
            _ => null,
        };
    }

    private static string Excerpt(string text) => text.Length > 40 ? text[..40] + "…" : text;
}
