using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PowerAutomation.Grains.Abstractions.Workflows;

namespace PowerAutomation.Grains.Workflows.Engine;

/// <summary>A value the engine refuses to hold: too large, too deep, or with text that is not valid Unicode.</summary>
public sealed class ValueRefusedException(RunError error) : Exception(error.Message)
{
    public RunError Error { get; } = error;
}

/// <summary>
/// Measures a value as compact UTF-8 JSON and how deeply it nests, stopping as soon as it is over the bound (so a
/// huge value costs no more than the bound to refuse), and checks its strings: no lone surrogate (the JSON writer
/// would replace it, the readers refuse it) and no U+0000 (PostgreSQL text refuses it).
/// </summary>
public static class ValueMeter
{
    /// <summary>The value's size in bytes, or why it is refused (over <paramref name="maxBytes"/>, deeper than <paramref name="maxDepth"/>).</summary>
    public static long Measure(JsonNode? node, long maxBytes, int maxDepth, string what)
    {
        long size;
        try
        {
            size = Size(node, maxBytes, maxDepth, what, 0);
        }
        catch (InvalidOperationException)
        {
            // A parsed string (or member name) with an escaped lone surrogate cannot be read as a string at all.
            throw InvalidText(what, "a lone surrogate");
        }

        return size <= maxBytes ? size : throw TooLarge(what, maxBytes);
    }

    /// <summary>Null when the value is within the limits, else the error a step fails with.</summary>
    public static RunError? Check(JsonNode? node, RunLimits limits, string what)
    {
        try
        {
            Measure(node, limits.MaxValueBytes, limits.MaxValueDepth, what);
            return null;
        }
        catch (ValueRefusedException refused)
        {
            return refused.Error;
        }
    }

    /// <summary>Parses JSON no deeper than the limit allows (one past it, so the depth is reported as such, not as bad JSON).</summary>
    public static JsonNode? Parse(string json, RunLimits limits, string what)
    {
        try
        {
            return JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { MaxDepth = limits.MaxValueDepth + 1 });
        }
        catch (JsonException)
        {
            throw TooDeep(what, limits.MaxValueDepth);
        }
    }

    /// <summary>A string's size as a JSON string (quotes and escapes counted); throws when it holds invalid text.</summary>
    public static long StringSize(string text, string what)
    {
        long size = 2;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\0')
            {
                throw InvalidText(what, "U+0000");
            }

            if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]))
                {
                    throw InvalidText(what, "a lone surrogate");
                }

                size += 4;
                i++;
                continue;
            }

            if (char.IsLowSurrogate(c))
            {
                throw InvalidText(what, "a lone surrogate");
            }

            size += c switch
            {
                '"' or '\\' => 2,
                < ' ' => 6,
                < (char)0x80 => 1,
                < (char)0x800 => 2,
                _ => 3,
            };
        }

        return size;
    }

    public static ValueRefusedException TooLarge(string what, long maxBytes) => new(new RunError(WorkflowErrors.ValueTooLarge,
        $"{what} is larger than {maxBytes} bytes (Workflows:MaxValueBytes).", null));

    public static ValueRefusedException TooDeep(string what, int maxDepth) => new(new RunError(WorkflowErrors.ValueTooDeep,
        $"{what} nests deeper than {maxDepth} levels (Workflows:MaxValueDepth).", null));

    private static ValueRefusedException InvalidText(string what, string found) => new(new RunError(WorkflowErrors.InvalidText,
        $"{what} holds a string with {found}, which is not text.", null));

    private static long Size(JsonNode? node, long budget, int maxDepth, string what, int depth)
    {
        switch (node)
        {
            case null:
                return 4;
            case JsonArray array:
                if (depth + 1 > maxDepth)
                {
                    throw TooDeep(what, maxDepth);
                }

                long arraySize = 1 + array.Count;
                foreach (var item in array)
                {
                    arraySize += Size(item, budget - arraySize, maxDepth, what, depth + 1);
                    if (arraySize > budget)
                    {
                        return arraySize;
                    }
                }

                return Math.Max(arraySize, 2);
            case JsonObject obj:
                if (depth + 1 > maxDepth)
                {
                    throw TooDeep(what, maxDepth);
                }

                long objectSize = 1 + obj.Count;
                foreach (var (name, value) in obj)
                {
                    objectSize += StringSize(name, what) + 1;
                    objectSize += Size(value, budget - objectSize, maxDepth, what, depth + 1);
                    if (objectSize > budget)
                    {
                        return objectSize;
                    }
                }

                return Math.Max(objectSize, 2);
            case JsonValue value:
                return ScalarSize(value, what);
            default:
                return Encoding.UTF8.GetByteCount(node.ToJsonString());
        }
    }

    private static long ScalarSize(JsonValue value, string what) => value.GetValueKind() switch
    {
        JsonValueKind.String when value.TryGetValue<string>(out var text) => StringSize(text, what),
        JsonValueKind.True or JsonValueKind.Null => 4,
        JsonValueKind.False => 5,
        _ => Encoding.UTF8.GetByteCount(value.ToJsonString()),
    };
}
