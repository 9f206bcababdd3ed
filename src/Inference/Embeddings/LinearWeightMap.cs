using PowerAutomation.Inference.Onnx;

namespace PowerAutomation.Inference.Embeddings;

/// <summary>
/// Finds the linear layers of an exported transformer by following its graph. The exporter names MatMul weights
/// by number, but each MatMul's product flows into an Add with the layer's named bias
/// ("encoder.layer.3.attention.self.query.bias"), so the bias names the layer the weight belongs to.
/// </summary>
public static class LinearWeightMap
{
    /// <summary>Linear layers keyed by their module name (the bias name without ".bias").</summary>
    public static IReadOnlyDictionary<string, LinearWeights> Build(OnnxGraph graph)
    {
        var layers = new Dictionary<string, LinearWeights>(StringComparer.Ordinal);
        foreach (var matMul in graph.Nodes.Where(n => n.OpType == "MatMul" && n.Inputs.Count == 2))
        {
            // Activation × weight: only MatMuls with a constant matrix operand are linear layers (the attention
            // products multiply two activations).
            if (!graph.Initializers.TryGetValue(matMul.Inputs[1], out var weight) || weight.Rank != 2)
            {
                continue;
            }
            var bias = BiasAddedTo(graph, matMul.Outputs[0])
                ?? throw new InvalidDataException($"MatMul {matMul.Name} (weight '{weight.Name}') feeds no bias Add.");
            if (bias.Dims[0] != weight.Dims[1])
            {
                throw new InvalidDataException($"Bias '{bias.Name}' has {bias.Dims[0]} values for a weight of [{string.Join(',', weight.Dims)}].");
            }
            var name = bias.Name[..^".bias".Length];
            if (!layers.TryAdd(name, new LinearWeights(weight, bias)))
            {
                throw new InvalidDataException($"Two MatMuls feed the bias of '{name}'.");
            }
        }
        return layers;
    }

    private static OnnxTensor? BiasAddedTo(OnnxGraph graph, string product)
    {
        var adds = graph.ConsumersOf(product).Where(n => n.OpType == "Add");
        foreach (var add in adds)
        {
            var other = add.Inputs.FirstOrDefault(i => i != product);
            if (other is not null && other.EndsWith(".bias", StringComparison.Ordinal)
                && graph.Initializers.TryGetValue(other, out var bias) && bias.Rank == 1)
            {
                return bias;
            }
        }
        return null;
    }
}
