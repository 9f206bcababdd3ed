using PowerAutomation.Inference.Onnx;
using TorchSharp;

namespace PowerAutomation.Inference.Embeddings;

/// <summary>Moves a BERT encoder's weights from an ONNX graph onto a torch device, checking every shape against the config.</summary>
public static class BertTensorLoader
{
    public static BertTensors Load(OnnxGraph graph, BertConfig config, torch.Device device)
    {
        var linears = LinearWeightMap.Build(graph);
        var expectedLinears = config.Layers * 6;
        if (linears.Count != expectedLinears)
        {
            throw new InvalidDataException($"Found {linears.Count} linear layers in the encoder graph; expected {expectedLinears}.");
        }

        // Tensors made here but not kept (the parts of the stacked QKV, transposes) die with the scope.
        using var scope = torch.NewDisposeScope();
        var layers = new List<BertLayerTensors>(config.Layers);
        for (var i = 0; i < config.Layers; i++)
        {
            var prefix = $"encoder.layer.{i}.";
            DenseTensors Dense(string name, int inputs, int outputs) =>
                ToDense(Linear(linears, prefix + name), inputs, outputs, device);
            NormTensors Norm(string name) => ToNorm(graph, prefix + name, config, device);

            var query = Dense("attention.self.query", config.Hidden, config.Hidden);
            var key = Dense("attention.self.key", config.Hidden, config.Hidden);
            var value = Dense("attention.self.value", config.Hidden, config.Hidden);
            var queryKeyValue = new DenseTensors(
                torch.cat([query.Weight, key.Weight, value.Weight], 0),
                torch.cat([query.Bias, key.Bias, value.Bias], 0));
            layers.Add(new BertLayerTensors(
                queryKeyValue,
                Dense("attention.output.dense", config.Hidden, config.Hidden),
                Norm("attention.output.LayerNorm"),
                Dense("intermediate.dense", config.Hidden, config.Intermediate),
                Dense("output.dense", config.Intermediate, config.Hidden),
                Norm("output.LayerNorm")));
        }

        var word = Initializer(graph, "embeddings.word_embeddings.weight", -1, config.Hidden);
        var weights = new BertTensors(
            config,
            ToTensor(word, device),
            ToTensor(Initializer(graph, "embeddings.position_embeddings.weight", -1, config.Hidden), device),
            ToTensor(Initializer(graph, "embeddings.token_type_embeddings.weight", -1, config.Hidden), device),
            ToNorm(graph, "embeddings.LayerNorm", config, device),
            layers);
        if (weights.PositionEmbeddings.shape[0] < config.MaxTokens)
        {
            throw new InvalidDataException($"The model has {weights.PositionEmbeddings.shape[0]} positions, fewer than {config.MaxTokens}.");
        }
        foreach (var tensor in KeptTensors(weights))
        {
            tensor.DetachFromDisposeScope();
        }
        return weights;
    }

    private static IEnumerable<torch.Tensor> KeptTensors(BertTensors weights)
    {
        yield return weights.WordEmbeddings;
        yield return weights.PositionEmbeddings;
        yield return weights.TokenTypeEmbeddings;
        yield return weights.EmbeddingNorm.Weight;
        yield return weights.EmbeddingNorm.Bias;
        foreach (var layer in weights.Layers)
        {
            foreach (var dense in new[] { layer.QueryKeyValue, layer.AttentionOutput, layer.Intermediate, layer.Output })
            {
                yield return dense.Weight;
                yield return dense.Bias;
            }
            foreach (var norm in new[] { layer.AttentionNorm, layer.OutputNorm })
            {
                yield return norm.Weight;
                yield return norm.Bias;
            }
        }
    }

    private static LinearWeights Linear(IReadOnlyDictionary<string, LinearWeights> linears, string name) =>
        linears.TryGetValue(name, out var linear) ? linear : throw new InvalidDataException($"The encoder graph has no linear layer '{name}'.");

    // ONNX MatMul weights are [in, out]; torch's linear wants [out, in].
    private static DenseTensors ToDense(LinearWeights linear, int inputs, int outputs, torch.Device device)
    {
        CheckShape(linear.Weight, inputs, outputs);
        CheckShape(linear.Bias, outputs);
        return new DenseTensors(ToTensor(linear.Weight, device).t().contiguous(), ToTensor(linear.Bias, device));
    }

    private static NormTensors ToNorm(OnnxGraph graph, string name, BertConfig config, torch.Device device) => new(
        ToTensor(Initializer(graph, name + ".weight", config.Hidden), device),
        ToTensor(Initializer(graph, name + ".bias", config.Hidden), device),
        config.LayerNormEps);

    private static OnnxTensor Initializer(OnnxGraph graph, string name, params int[] dims)
    {
        var tensor = graph.Initializers.TryGetValue(name, out var found) ? found : throw new InvalidDataException($"The encoder graph has no initializer '{name}'.");
        CheckShape(tensor, dims);
        return tensor;
    }

    /// <summary>Checks a tensor's shape; -1 accepts any size in that dimension.</summary>
    private static void CheckShape(OnnxTensor tensor, params int[] dims)
    {
        if (tensor.Rank != dims.Length || tensor.Dims.Zip(dims).Any(d => d.Second != -1 && d.First != d.Second))
        {
            throw new InvalidDataException($"'{tensor.Name}' has shape [{string.Join(',', tensor.Dims)}]; expected [{string.Join(',', dims)}].");
        }
    }

    private static torch.Tensor ToTensor(OnnxTensor tensor, torch.Device device)
    {
        var cpu = torch.tensor(tensor.Values, tensor.Dims);
        return device.type == DeviceType.CPU ? cpu : cpu.to(device);
    }
}
