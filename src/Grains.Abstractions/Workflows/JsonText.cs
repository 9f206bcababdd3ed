using System.Text.Json;

namespace PowerAutomation.Grains.Abstractions.Workflows;

/// <summary>
/// Whether every string of a JSON value (member names too) is text the engine can store and write back: no lone
/// surrogate (an escaped one parses but cannot be read) and no U+0000.
/// </summary>
public static class JsonText
{
    public static bool IsText(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\0' || char.IsLowSurrogate(c))
            {
                return false;
            }

            if (char.IsHighSurrogate(c) && (++i >= text.Length || !char.IsLowSurrogate(text[i])))
            {
                return false;
            }
        }

        return true;
    }

    public static bool AllText(JsonElement element)
    {
        try
        {
            return element.ValueKind switch
            {
                JsonValueKind.String => IsText(element.GetString()!),
                JsonValueKind.Array => element.EnumerateArray().All(AllText),
                JsonValueKind.Object => element.EnumerateObject().All(member => IsText(member.Name) && AllText(member.Value)),
                _ => true,
            };
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
