namespace PowerAutomation.Inference.Onnx;

/// <summary>The parts of an ONNX graph a weight loader needs: nodes in file (topological) order and float initializers.</summary>
public sealed class OnnxGraph
{
    private readonly Dictionary<string, List<OnnxNode>> _consumers = new(StringComparer.Ordinal);

    public OnnxGraph(IReadOnlyList<OnnxNode> nodes, IReadOnlyDictionary<string, OnnxTensor> initializers)
    {
        Nodes = nodes;
        Initializers = initializers;
        foreach (var node in nodes)
        {
            foreach (var input in node.Inputs.Where(i => i.Length > 0).Distinct())
            {
                if (!_consumers.TryGetValue(input, out var list))
                {
                    _consumers[input] = list = [];
                }
                list.Add(node);
            }
        }
    }

    public IReadOnlyList<OnnxNode> Nodes { get; }

    public IReadOnlyDictionary<string, OnnxTensor> Initializers { get; }

    /// <summary>Nodes that read the value, in graph order.</summary>
    public IReadOnlyList<OnnxNode> ConsumersOf(string value) => _consumers.TryGetValue(value, out var list) ? list : [];
}
