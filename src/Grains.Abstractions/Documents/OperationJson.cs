using System.Text;
using System.Text.Json;

namespace PowerAutomation.Grains.Abstractions.Documents;

/// <summary>
/// The wire form of API.md: a JSON array where a positive integer retains, a negative integer deletes and a
/// string inserts. Reading normalises; zero, fractions, other types and empty strings are refused.
/// </summary>
public static class OperationJson
{
    public static TextOperation Read(JsonElement element, int maxComponents = 100_000)
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            throw new OperationException("An operation is a JSON array.");
        }

        if (element.GetArrayLength() > maxComponents)
        {
            throw new OperationException($"An operation has at most {maxComponents} components.");
        }

        var builder = new TextOperation.Builder();
        foreach (var component in element.EnumerateArray())
        {
            switch (component.ValueKind)
            {
                case JsonValueKind.Number when component.TryGetInt32(out var count) && count != 0:
                    if (count > 0)
                    {
                        builder.Retain(count);
                    }
                    else if (count == int.MinValue)
                    {
                        throw new OperationException("A delete count is out of range.");
                    }
                    else
                    {
                        builder.Delete(-count);
                    }

                    break;
                case JsonValueKind.String when ReadText(component) is { Length: > 0 } text:
                    builder.Insert(text);
                    break;
                default:
                    throw new OperationException($"Component {component.GetRawText()} is neither a non-zero integer nor a non-empty string.");
            }
        }

        return builder.Build();
    }

    private static string ReadText(JsonElement component)
    {
        string text;
        try
        {
            text = component.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw new OperationException("Inserted text contains a lone surrogate.");
        }

        TextOperation.CheckInsertedText(text);
        return text;
    }

    public static TextOperation Parse(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return Read(document.RootElement);
        }
        catch (JsonException exception)
        {
            throw new OperationException("The operation is not valid JSON: " + exception.Message);
        }
    }

    public static void Write(Utf8JsonWriter writer, TextOperation operation)
    {
        writer.WriteStartArray();
        foreach (var component in operation.Components)
        {
            switch (component.Kind)
            {
                case ComponentKind.Retain:
                    writer.WriteNumberValue(component.Length);
                    break;
                case ComponentKind.Insert:
                    writer.WriteStringValue(component.Text);
                    break;
                default:
                    writer.WriteNumberValue(-component.Length);
                    break;
            }
        }

        writer.WriteEndArray();
    }

    public static string Write(TextOperation operation)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            Write(writer, operation);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
