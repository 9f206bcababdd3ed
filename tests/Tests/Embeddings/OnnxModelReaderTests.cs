using PowerAutomation.Inference.Embeddings;
using PowerAutomation.Inference.Onnx;

namespace PowerAutomation.Tests.Embeddings;

public sealed class OnnxModelReaderTests
{
    // onnx.proto field numbers, spelled out here independently of the reader.
    private const int ModelIrVersion = 1, ModelProducer = 2, ModelGraph = 7;
    private const int GraphNode = 1, GraphName = 2, GraphInitializer = 5;
    private const int NodeInput = 1, NodeOutput = 2, NodeName = 3, NodeOpType = 4;
    private const int TensorDims = 1, TensorDataType = 2, TensorFloatData = 4, TensorInt64Data = 7, TensorName = 8, TensorRawData = 9;

    [Fact]
    public void Read_HandBuiltModel_ReadsNodesAndFloatInitializers()
    {
        var raw = new[] { 1f, 2f, 3f, 4f, 5f, 6f }.SelectMany(BitConverter.GetBytes).ToArray();
        var graph = new ProtoBuilder()
            .String(GraphName, "tiny")
            .Message(GraphNode, Node("MatMul_1", "MatMul", ["x", "17"], ["m"]))
            .Message(GraphNode, Node("Add_2", "Add", ["dense.bias", "m"], ["y"]))
            // Weight as raw_data with unpacked dims; bias as packed float_data; bias entries as single fixed32 too.
            .Message(GraphInitializer, new ProtoBuilder().Varint(TensorDims, 2).Varint(TensorDims, 3)
                .Varint(TensorDataType, 1).String(TensorName, "17").Bytes(TensorRawData, raw))
            .Message(GraphInitializer, new ProtoBuilder().Bytes(TensorDims, [3]).Varint(TensorDataType, 1)
                .Fixed32(TensorFloatData, 0.5f).Bytes(TensorFloatData, [.. BitConverter.GetBytes(1.5f), .. BitConverter.GetBytes(2.5f)])
                .String(TensorName, "dense.bias"))
            // An int64 constant is not a weight and is left out.
            .Message(GraphInitializer, new ProtoBuilder().Varint(TensorDims, 1).Varint(TensorDataType, 7)
                .Varint(TensorInt64Data, 12).String(TensorName, "heads"));
        var model = new ProtoBuilder().Varint(ModelIrVersion, 7).String(ModelProducer, "test").Message(ModelGraph, graph).ToArray();

        var read = OnnxModelReader.Read(model);

        Assert.Equal(["MatMul", "Add"], read.Nodes.Select(n => n.OpType));
        Assert.Equal(["dense.bias", "m"], read.Nodes[1].Inputs);
        Assert.Equal(["17", "dense.bias"], read.Initializers.Keys.Order());
        Assert.Equal([2L, 3], read.Initializers["17"].Dims);
        Assert.Equal([1f, 2f, 3f, 4f, 5f, 6f], read.Initializers["17"].Values);
        Assert.Equal([0.5f, 1.5f, 2.5f], read.Initializers["dense.bias"].Values);

        var linear = Assert.Single(LinearWeightMap.Build(read));
        Assert.Equal("dense", linear.Key);
        Assert.Equal("17", linear.Value.Weight.Name);
    }

    [Fact]
    public void Read_TruncatedModel_Throws()
    {
        var model = new ProtoBuilder().Message(ModelGraph, new ProtoBuilder().String(GraphName, "cut short")).ToArray();

        Assert.Throws<InvalidDataException>(() => OnnxModelReader.Read(model[..^3]));
    }

    [Fact]
    public void LinearWeightMap_PackagedModel_MapsNumberedMatMulsToEveryLayer()
    {
        var graph = OnnxModelReader.Read(MiniLmPackage.Read().Model);

        var linears = LinearWeightMap.Build(graph);

        string[] parts = ["attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense", "intermediate.dense", "output.dense"];
        var expected = Enumerable.Range(0, 6).SelectMany(layer => parts.Select(part => $"encoder.layer.{layer}.{part}"));
        Assert.Equal(expected.Order(), linears.Keys.Order());
        // The exporter numbered the weights; the graph, not their names, tied them to layers.
        Assert.All(linears.Values, l => Assert.True(int.TryParse(l.Weight.Name, out _), l.Weight.Name));
        Assert.Equal([384L, 1536], linears["encoder.layer.2.intermediate.dense"].Weight.Dims);
        Assert.Equal([1536L, 384], linears["encoder.layer.5.output.dense"].Weight.Dims);
    }

    private static ProtoBuilder Node(string name, string opType, string[] inputs, string[] outputs)
    {
        var node = new ProtoBuilder();
        foreach (var input in inputs)
        {
            node.String(NodeInput, input);
        }
        foreach (var output in outputs)
        {
            node.String(NodeOutput, output);
        }
        return node.String(NodeName, name).String(NodeOpType, opType);
    }
}
