using System.Text.Json;

namespace PowerAutomation.Gateway.Embeddings;

/// <summary>An OpenAI Embeddings request: <c>{model, input: string | string[], encoding_format?, dimensions?, user?}</c>.</summary>
public sealed record EmbeddingsRequest(string Model, string[] Inputs, bool Base64)
{
    public const int MaxInputs = 2048;

    // The model reads at most 256 tokens; longer inputs are truncated, but tokenising megabytes would still cost.
    public const int MaxInputLength = 65_536;

    /// <summary>The request, or a message saying what is wrong with it.</summary>
    public static (EmbeddingsRequest? Request, string? Error) Parse(JsonElement body, int dimensions)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            return (null, "The body must be a JSON object.");
        }

        if (!body.TryGetProperty("model", out var model) || model.ValueKind != JsonValueKind.String || model.GetString() is not { Length: > 0 } modelName)
        {
            return (null, "'model' is required and must be a string.");
        }

        if (!body.TryGetProperty("input", out var input))
        {
            return (null, "'input' is required: a string or an array of strings.");
        }

        var (inputs, inputError) = ReadInputs(input);
        if (inputError is not null)
        {
            return (null, inputError);
        }

        var base64 = false;
        if (body.TryGetProperty("encoding_format", out var format) && format.ValueKind != JsonValueKind.Null)
        {
            switch (format.ValueKind == JsonValueKind.String ? format.GetString() : null)
            {
                case "float":
                    break;
                case "base64":
                    base64 = true;
                    break;
                default:
                    return (null, "'encoding_format' must be 'float' or 'base64'.");
            }
        }

        if (body.TryGetProperty("dimensions", out var requested) && requested.ValueKind != JsonValueKind.Null
            && !(requested.ValueKind == JsonValueKind.Number && requested.TryGetInt32(out var count) && count == dimensions))
        {
            return (null, $"'{modelName}' has {dimensions} dimensions; 'dimensions' may only be {dimensions}.");
        }

        if (body.TryGetProperty("user", out var user) && user.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
        {
            return (null, "'user' must be a string.");
        }

        return (new EmbeddingsRequest(modelName, inputs!, base64), null);
    }

    private static (string[]? Inputs, string? Error) ReadInputs(JsonElement input)
    {
        if (input.ValueKind == JsonValueKind.String)
        {
            return Checked([input.GetString()!]);
        }

        if (input.ValueKind != JsonValueKind.Array)
        {
            return (null, "'input' must be a string or an array of strings.");
        }

        var count = input.GetArrayLength();
        if (count == 0 || count > MaxInputs)
        {
            return (null, $"'input' must hold 1 to {MaxInputs} strings.");
        }

        var inputs = new string[count];
        var i = 0;
        foreach (var item in input.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                return (null, item.ValueKind is JsonValueKind.Number or JsonValueKind.Array
                    ? "Token arrays are not accepted: send the text; the model's own tokenizer reads it."
                    : $"'input[{i}]' must be a string.");
            }

            inputs[i++] = item.GetString()!;
        }

        return Checked(inputs);
    }

    private static (string[]? Inputs, string? Error) Checked(string[] inputs)
    {
        for (var i = 0; i < inputs.Length; i++)
        {
            if (inputs[i].Length > MaxInputLength)
            {
                return (null, $"'input[{i}]' has {inputs[i].Length} characters; at most {MaxInputLength} are accepted (the model reads the first 256 tokens).");
            }
        }

        return (inputs, null);
    }
}
