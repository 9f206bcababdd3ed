using System.Text.Json;

namespace PowerAutomation.Grains.Abstractions.Workflows;

/// <summary>How deeply a JSON value nests: the number of arrays and objects around its innermost value (a scalar is 0).</summary>
public static class JsonDepth
{
    /// <summary>Whether the value nests deeper than <paramref name="max"/>; stops looking once it does.</summary>
    public static bool Exceeds(JsonElement element, int max)
    {
        if (element.ValueKind is not (JsonValueKind.Array or JsonValueKind.Object))
        {
            return false;
        }

        if (max < 1)
        {
            return true;
        }

        return element.ValueKind == JsonValueKind.Array
            ? element.EnumerateArray().Any(item => Exceeds(item, max - 1))
            : element.EnumerateObject().Any(member => Exceeds(member.Value, max - 1));
    }
}
