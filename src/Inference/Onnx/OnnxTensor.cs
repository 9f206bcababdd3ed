namespace PowerAutomation.Inference.Onnx;

/// <summary>A float initializer of an ONNX graph: its name, shape and values in row-major order.</summary>
public sealed record OnnxTensor(string Name, long[] Dims, float[] Values)
{
    public int Rank => Dims.Length;
}
