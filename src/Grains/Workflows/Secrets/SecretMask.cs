using System.Text.Json;
using System.Text.Json.Nodes;

namespace PowerAutomation.Grains.Workflows.Secrets;

/// <summary>
/// Blanks secret values out of what a step records (its output, its error): a target that echoes a token back, or
/// an error that quotes a header, must not write the value into the run's history.
/// </summary>
public sealed class SecretMask
{
    public const string Mask = "***";

    // Longest first, so a secret that contains another is masked whole.
    private readonly string[] _values;

    public SecretMask(IEnumerable<string> values) =>
        _values = values.Where(v => v.Length > 0).Distinct(StringComparer.Ordinal).OrderByDescending(v => v.Length).ToArray();

    public static SecretMask None { get; } = new([]);

    public string Apply(string text)
    {
        foreach (var value in _values)
        {
            text = text.Replace(value, Mask, StringComparison.Ordinal);
        }

        return text;
    }

    /// <summary>A copy with every string masked, member names included.</summary>
    public JsonNode? Apply(JsonNode? node)
    {
        if (_values.Length == 0)
        {
            return node;
        }

        switch (node)
        {
            case JsonObject obj:
                var masked = new JsonObject();
                foreach (var (name, value) in obj)
                {
                    // Two names that mask alike keep the first: the second would otherwise throw.
                    masked.TryAdd(Apply(name), Apply(value));
                }

                return masked;
            case JsonArray array:
                return new JsonArray(array.Select(Apply).ToArray());
            case JsonValue value when value.GetValueKind() == JsonValueKind.String && value.TryGetValue<string>(out var text):
                return JsonValue.Create(Apply(text));
            default:
                return node?.DeepClone();
        }
    }
}
