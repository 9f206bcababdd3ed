using System.Buffers;
using System.Text.Json;
using System.Text.Unicode;

namespace PowerAutomation.Grains.Abstractions.Json;

/// <summary>
/// Finds strings that no component downstream can keep: an escaped unpaired surrogate (<c>"\ud800"</c>, which
/// System.Text.Json refuses to unescape and PostgreSQL refuses to store), U+0000 (which PostgreSQL text and jsonb
/// refuse), or bytes that are not UTF-8. Property names count as strings. Syntax errors are not its business: it
/// reports none and leaves them to the parser that owns the request, so each endpoint keeps its own error shape.
/// </summary>
public static class JsonTextRules
{
    /// <summary>A description of the first unusable string, or null when every string is valid Unicode text.</summary>
    public static string? FindUnusableString(ReadOnlySpan<byte> json, int maxDepth = 256)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = maxDepth });
        string? property = null;
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.PropertyName))
                {
                    continue;
                }

                if (Problem(ref reader) is { } problem)
                {
                    var where = reader.TokenType == JsonTokenType.PropertyName ? "A property name"
                        : property is null ? "A string" : $"The string in '{property}'";
                    return $"{where} {problem}; JSON text must be valid Unicode without U+0000.";
                }

                if (reader.TokenType == JsonTokenType.PropertyName)
                {
                    property = reader.GetString();
                }
            }
        }
        catch (JsonException)
        {
            // Malformed or too deep: the endpoint's own parser answers that.
        }

        return null;
    }

    /// <summary>Whether a string can be stored and written as JSON: no U+0000 and no unpaired surrogate.</summary>
    public static bool IsStorable(ReadOnlySpan<char> text) => !text.Contains('\0') && IsWellFormed(text);

    /// <summary>Whether UTF-16 text is well formed: every surrogate is half of a pair.</summary>
    public static bool IsWellFormed(ReadOnlySpan<char> text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsLowSurrogate(text[i]))
            {
                return false;
            }

            if (char.IsHighSurrogate(text[i]))
            {
                if (i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]))
                {
                    return false;
                }

                i++;
            }
        }

        return true;
    }

    /// <summary>
    /// Whether every string of a parsed value (member names too) is storable; an escaped unpaired surrogate, which
    /// parses but cannot be read, counts as not.
    /// </summary>
    public static bool IsStorable(JsonElement element)
    {
        try
        {
            return element.ValueKind switch
            {
                JsonValueKind.String => IsStorable(element.GetString()),
                JsonValueKind.Array => element.EnumerateArray().All(IsStorable),
                JsonValueKind.Object => element.EnumerateObject().All(member => IsStorable(member.Name) && IsStorable(member.Value)),
                _ => true,
            };
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static string? Problem(ref Utf8JsonReader reader)
    {
        var raw = reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan;
        if (!reader.ValueIsEscaped)
        {
            // Unescaped text cannot hold U+0000 (the reader refuses raw control characters); it only has to be UTF-8.
            return Utf8.IsValid(raw) ? null : "is not UTF-8";
        }

        string value;
        try
        {
            value = reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            return Utf8.IsValid(raw) ? "holds an unpaired surrogate escape" : "is not UTF-8";
        }

        return IsStorable(value) ? null : "holds U+0000 or an unpaired surrogate";
    }
}
