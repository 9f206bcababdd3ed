namespace PowerAutomation.Inference.Onnx;

/// <summary>One operator of an ONNX graph; inputs and outputs are value names (empty for omitted inputs).</summary>
public sealed record OnnxNode(string Name, string OpType, IReadOnlyList<string> Inputs, IReadOnlyList<string> Outputs);
