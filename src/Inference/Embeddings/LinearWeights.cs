using PowerAutomation.Inference.Onnx;

namespace PowerAutomation.Inference.Embeddings;

/// <summary>One linear layer as ONNX stores it: a MatMul weight of shape [in, out] and the bias added to its product.</summary>
public sealed record LinearWeights(OnnxTensor Weight, OnnxTensor Bias);
