using System.Runtime.InteropServices;
using System.Text.Json;
using PowerAutomation.Grains.Abstractions.ModelWorkers;

namespace PowerAutomation.Gateway.Embeddings;

/// <summary>Writes OpenAI's embeddings list straight to the response, floats or base64 of little-endian float32.</summary>
public static class EmbeddingsResponse
{
    public static async Task WriteAsync(HttpResponse response, string model, EmbeddingAnswer answer, bool base64, CancellationToken cancellationToken)
    {
        response.ContentType = "application/json";
        await using var json = new Utf8JsonWriter(response.BodyWriter);
        json.WriteStartObject();
        json.WriteString("object", "list");
        json.WriteStartArray("data");
        for (var i = 0; i < answer.Vectors.Length; i++)
        {
            json.WriteStartObject();
            json.WriteString("object", "embedding");
            json.WriteNumber("index", i);
            if (base64)
            {
                json.WriteBase64String("embedding", MemoryMarshal.AsBytes(answer.Vectors[i].AsSpan()));
            }
            else
            {
                json.WriteStartArray("embedding");
                foreach (var value in answer.Vectors[i])
                {
                    json.WriteNumberValue(value);
                }

                json.WriteEndArray();
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteString("model", model);
        json.WriteStartObject("usage");
        json.WriteNumber("prompt_tokens", answer.TotalTokens);
        json.WriteNumber("total_tokens", answer.TotalTokens);
        json.WriteEndObject();
        json.WriteEndObject();
        await json.FlushAsync(cancellationToken);
    }
}
