namespace PowerAutomation.Grains.Abstractions.Documents;

/// <summary>
/// How a <see cref="TextOperation"/> crosses grain calls: as its JSON wire form, the same compact text that clients
/// send and the log stores, decoded back through the normalising reader.
/// </summary>
[GenerateSerializer, Immutable, Alias("pa.TextOperationSurrogate")]
public readonly struct TextOperationSurrogate(string json)
{
    [Id(0)] public string Json { get; } = json;
}

[RegisterConverter]
public sealed class TextOperationSurrogateConverter : IConverter<TextOperation, TextOperationSurrogate>
{
    public TextOperation ConvertFromSurrogate(in TextOperationSurrogate surrogate) => OperationJson.Parse(surrogate.Json);

    public TextOperationSurrogate ConvertToSurrogate(in TextOperation value) => new(OperationJson.Write(value));
}
