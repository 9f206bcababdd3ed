using System.Text.Json;
using System.Text.Json.Serialization;

namespace PowerAutomation.Grains.Abstractions.Documents;

/// <summary>System.Text.Json in the wire form of API.md (<c>[retain, "insert", -delete]</c>).</summary>
public sealed class TextOperationJsonConverter : JsonConverter<TextOperation>
{
    public override TextOperation Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        try
        {
            return OperationJson.Read(document.RootElement);
        }
        catch (OperationException exception)
        {
            throw new JsonException(exception.Message);
        }
    }

    public override void Write(Utf8JsonWriter writer, TextOperation value, JsonSerializerOptions options) =>
        OperationJson.Write(writer, value);
}
