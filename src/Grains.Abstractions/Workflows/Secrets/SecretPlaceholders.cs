using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace PowerAutomation.Grains.Abstractions.Workflows.Secrets;

/// <summary>
/// <c>{{secrets.NAME}}</c> as it stands in a rendered input, found the way <see cref="Templates"/> reads it (spaces
/// inside the braces allowed). The renderer refuses values that would add one, so every placeholder found here was
/// written in the definition.
/// </summary>
public static partial class SecretPlaceholders
{
    public static int Count(string text) => text.Contains("{{", StringComparison.Ordinal) ? Pattern().Count(text) : 0;

    /// <summary>Whether any string inside <paramref name="node"/> holds a placeholder (member names are never read).</summary>
    public static bool AppearsIn(JsonNode? node) => Strings(node).Any(s => Count(s) > 0);

    /// <summary>The names of the placeholders in the strings inside <paramref name="node"/>.</summary>
    public static IEnumerable<string> NamesIn(JsonNode? node) =>
        Strings(node).Where(s => s.Contains("{{", StringComparison.Ordinal)).SelectMany(s => Pattern().Matches(s)).Select(m => m.Groups[1].Value);

    /// <summary><paramref name="text"/> with each placeholder replaced by its value (every name must be in <paramref name="values"/>).</summary>
    public static string Replace(string text, IReadOnlyDictionary<string, string> values) =>
        text.Contains("{{", StringComparison.Ordinal) ? Pattern().Replace(text, m => values[m.Groups[1].Value]) : text;

    /// <summary>A copy of <paramref name="node"/> with the placeholders in its strings replaced.</summary>
    public static JsonNode? Replace(JsonNode? node, IReadOnlyDictionary<string, string> values) => node switch
    {
        JsonObject obj => new JsonObject(obj.Select(m => KeyValuePair.Create(m.Key, Replace(m.Value, values)))),
        JsonArray array => new JsonArray(array.Select(item => Replace(item, values)).ToArray()),
        JsonValue value when value.GetValueKind() == JsonValueKind.String && value.TryGetValue<string>(out var text) => JsonValue.Create(Replace(text, values)),
        _ => node?.DeepClone(),
    };

    private static IEnumerable<string> Strings(JsonNode? node) => node switch
    {
        JsonObject obj => obj.SelectMany(m => Strings(m.Value)),
        JsonArray array => array.SelectMany(Strings),
        JsonValue value when value.GetValueKind() == JsonValueKind.String && value.TryGetValue<string>(out var text) => [text],
        _ => [],
    };

    [GeneratedRegex(@"\{\{\s*secrets\.([A-Za-z0-9_-]{1,100})\s*\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
