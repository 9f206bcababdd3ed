using System.Runtime.InteropServices;

namespace PowerAutomation.Inference.Onnx;

/// <summary>
/// Reads an ONNX ModelProto's graph: nodes and float initializers. Field numbers are onnx.proto's; every
/// other field is skipped. Tensors stored outside the file (external_data) are not supported.
/// </summary>
public static class OnnxModelReader
{
    // ModelProto.graph; GraphProto.node, .initializer; NodeProto.input, .output, .name, .op_type;
    // TensorProto.dims, .data_type, .float_data, .name, .raw_data, .data_location.
    private const int ModelGraph = 7;
    private const int GraphNode = 1, GraphInitializer = 5;
    private const int NodeInput = 1, NodeOutput = 2, NodeName = 3, NodeOpType = 4;
    private const int TensorDims = 1, TensorDataType = 2, TensorFloatData = 4, TensorName = 8, TensorRawData = 9, TensorDataLocation = 14;
    private const int DataTypeFloat = 1;

    public static OnnxGraph Read(ReadOnlyMemory<byte> model)
    {
        var reader = new ProtoReader(model);
        while (reader.TryReadTag(out var field, out var wire))
        {
            if (field == ModelGraph && wire == WireType.LengthDelimited)
            {
                return ReadGraph(reader.ReadBytes());
            }
            reader.Skip(wire);
        }
        throw new InvalidDataException("The ONNX model has no graph.");
    }

    private static OnnxGraph ReadGraph(ReadOnlyMemory<byte> graph)
    {
        var nodes = new List<OnnxNode>();
        var initializers = new Dictionary<string, OnnxTensor>(StringComparer.Ordinal);
        var reader = new ProtoReader(graph);
        while (reader.TryReadTag(out var field, out var wire))
        {
            if (field == GraphNode && wire == WireType.LengthDelimited)
            {
                nodes.Add(ReadNode(reader.ReadBytes()));
            }
            else if (field == GraphInitializer && wire == WireType.LengthDelimited)
            {
                // Non-float initializers (shape constants and the like) are not weights.
                if (ReadTensor(reader.ReadBytes()) is { } tensor)
                {
                    initializers[tensor.Name] = tensor;
                }
            }
            else
            {
                reader.Skip(wire);
            }
        }
        return new OnnxGraph(nodes, initializers);
    }

    private static OnnxNode ReadNode(ReadOnlyMemory<byte> node)
    {
        List<string> inputs = [], outputs = [];
        string name = "", opType = "";
        var reader = new ProtoReader(node);
        while (reader.TryReadTag(out var field, out var wire))
        {
            switch (field)
            {
                case NodeInput when wire == WireType.LengthDelimited:
                    inputs.Add(reader.ReadString());
                    break;
                case NodeOutput when wire == WireType.LengthDelimited:
                    outputs.Add(reader.ReadString());
                    break;
                case NodeName when wire == WireType.LengthDelimited:
                    name = reader.ReadString();
                    break;
                case NodeOpType when wire == WireType.LengthDelimited:
                    opType = reader.ReadString();
                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }
        return new OnnxNode(name, opType, inputs, outputs);
    }

    private static OnnxTensor? ReadTensor(ReadOnlyMemory<byte> tensor)
    {
        var dims = new List<long>();
        var floats = new List<float>();
        ReadOnlyMemory<byte> raw = default;
        var dataType = 0;
        var name = "";
        var external = false;
        var reader = new ProtoReader(tensor);
        while (reader.TryReadTag(out var field, out var wire))
        {
            switch (field)
            {
                case TensorDims when wire == WireType.Varint:
                    dims.Add((long)reader.ReadVarint());
                    break;
                case TensorDims when wire == WireType.LengthDelimited:
                    ReadPackedVarints(reader.ReadBytes(), dims);
                    break;
                case TensorDataType when wire == WireType.Varint:
                    dataType = (int)reader.ReadVarint();
                    break;
                case TensorFloatData when wire == WireType.Fixed32:
                    floats.Add(BitConverter.UInt32BitsToSingle(reader.ReadFixed32()));
                    break;
                case TensorFloatData when wire == WireType.LengthDelimited:
                    floats.AddRange(MemoryMarshal.Cast<byte, float>(reader.ReadBytes().Span));
                    break;
                case TensorName when wire == WireType.LengthDelimited:
                    name = reader.ReadString();
                    break;
                case TensorRawData when wire == WireType.LengthDelimited:
                    raw = reader.ReadBytes();
                    break;
                case TensorDataLocation when wire == WireType.Varint:
                    external = reader.ReadVarint() == 1;
                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }
        if (dataType != DataTypeFloat)
        {
            return null;
        }
        if (external)
        {
            throw new NotSupportedException($"Initializer '{name}' keeps its data outside the model file.");
        }
        var shape = dims.ToArray();
        // raw_data is little-endian IEEE 754, as on every host this runs on (x64, arm64).
        var values = raw.IsEmpty ? floats.ToArray() : MemoryMarshal.Cast<byte, float>(raw.Span).ToArray();
        var expected = shape.Aggregate(1L, (n, d) => n * d);
        if (values.Length != expected)
        {
            throw new InvalidDataException($"Initializer '{name}' has {values.Length} values for shape [{string.Join(',', shape)}].");
        }
        return new OnnxTensor(name, shape, values);
    }

    private static void ReadPackedVarints(ReadOnlyMemory<byte> packed, List<long> into)
    {
        var reader = new ProtoReader(packed);
        while (!reader.AtEnd)
        {
            into.Add((long)reader.ReadVarint());
        }
    }
}
