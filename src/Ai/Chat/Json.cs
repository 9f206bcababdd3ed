using System.Text.Json;

namespace PowerAutomation.Ai.Chat;

/// <summary>Small typed readers over JsonElement that fail with a <see cref="ChatFormatException"/> naming the field.</summary>
public static class Json
{
    public static JsonElement? Property(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    public static string RequiredString(this JsonElement element, string name, string where) =>
        element.Property(name) is { ValueKind: JsonValueKind.String } value
            ? value.GetString()!
            : throw new ChatFormatException($"{where}.{name} must be a string.");

    public static string? OptionalString(this JsonElement element, string name, string where) => element.Property(name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.String } value => value.GetString(),
        _ => throw new ChatFormatException($"{where}.{name} must be a string."),
    };

    public static int? OptionalInt(this JsonElement element, string name, string where) => element.Property(name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.Number } value when value.TryGetInt32(out var number) && number >= 0 => number,
        _ => throw new ChatFormatException($"{where}.{name} must be a non-negative integer."),
    };

    public static double? OptionalDouble(this JsonElement element, string name, string where) => element.Property(name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.Number } value => value.GetDouble(),
        _ => throw new ChatFormatException($"{where}.{name} must be a number."),
    };

    public static bool OptionalBool(this JsonElement element, string name, string where) => element.Property(name) switch
    {
        null => false,
        { ValueKind: JsonValueKind.True } => true,
        { ValueKind: JsonValueKind.False } => false,
        _ => throw new ChatFormatException($"{where}.{name} must be true or false."),
    };

    public static JsonElement.ArrayEnumerator RequiredArray(this JsonElement element, string name, string where) =>
        element.Property(name) is { ValueKind: JsonValueKind.Array } value
            ? value.EnumerateArray()
            : throw new ChatFormatException($"{where}.{name} must be an array.");

    public static IEnumerable<JsonElement> OptionalArray(this JsonElement element, string name, string where) => element.Property(name) switch
    {
        null => [],
        { ValueKind: JsonValueKind.Array } value => value.EnumerateArray(),
        _ => throw new ChatFormatException($"{where}.{name} must be an array."),
    };

    /// <summary>
    /// Message content as both vendors allow it: absent (nothing), a plain string (returned as
    /// <paramref name="text"/>), or an array of typed items (returned); anything else is refused.
    /// </summary>
    public static IEnumerable<JsonElement> ContentItems(JsonElement? content, string where, string items, out string? text)
    {
        text = null;
        switch (content)
        {
            case null:
                return [];
            case { ValueKind: JsonValueKind.String } plain:
                text = plain.GetString()!;
                return [];
            case { ValueKind: JsonValueKind.Array } array:
                return array.EnumerateArray();
            default:
                throw new ChatFormatException($"{where}.content must be a string or an array of {items}.");
        }
    }

    public static long Long(this JsonElement element, string name) =>
        element.Property(name) is { ValueKind: JsonValueKind.Number } value && value.TryGetInt64(out var number) ? number : 0;

    /// <summary>Stop sequences given as one string or an array of strings.</summary>
    public static IReadOnlyList<string> StringOrArray(this JsonElement element, string name, string where) => element.Property(name) switch
    {
        null => [],
        { ValueKind: JsonValueKind.String } one => [one.GetString()!],
        { ValueKind: JsonValueKind.Array } many => many.EnumerateArray().Select(s => s.ValueKind == JsonValueKind.String
            ? s.GetString()! : throw new ChatFormatException($"{where}.{name} must hold strings.")).ToList(),
        _ => throw new ChatFormatException($"{where}.{name} must be a string or an array of strings."),
    };

    public static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement;
}
