namespace PowerAutomation.Inference.Embeddings;

/// <summary>
/// One encoder layer. Query, key and value are stacked into one [3·hidden, hidden] projection so each layer
/// starts with a single matrix product instead of three.
/// </summary>
public sealed record BertLayerTensors(
    DenseTensors QueryKeyValue,
    DenseTensors AttentionOutput,
    NormTensors AttentionNorm,
    DenseTensors Intermediate,
    DenseTensors Output,
    NormTensors OutputNorm) : IDisposable
{
    public void Dispose()
    {
        QueryKeyValue.Dispose();
        AttentionOutput.Dispose();
        AttentionNorm.Dispose();
        Intermediate.Dispose();
        Output.Dispose();
        OutputNorm.Dispose();
    }
}
