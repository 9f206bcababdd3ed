using System.Text;

namespace PowerAutomation.Tests.Embeddings;

/// <summary>Writes protobuf wire format by hand, to build small ONNX models for the reader's tests.</summary>
internal sealed class ProtoBuilder
{
    private readonly List<byte> _bytes = [];

    public ProtoBuilder Varint(int field, long value) => Tag(field, 0).Raw(value);

    public ProtoBuilder Bytes(int field, byte[] value)
    {
        Tag(field, 2).Raw(value.Length);
        _bytes.AddRange(value);
        return this;
    }

    public ProtoBuilder String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    public ProtoBuilder Message(int field, ProtoBuilder message) => Bytes(field, message.ToArray());

    public ProtoBuilder Fixed32(int field, float value)
    {
        Tag(field, 5);
        _bytes.AddRange(BitConverter.GetBytes(value));
        return this;
    }

    public byte[] ToArray() => [.. _bytes];

    private ProtoBuilder Tag(int field, int wireType) => Raw((field << 3) | wireType);

    private ProtoBuilder Raw(long value)
    {
        var v = (ulong)value;
        while (v >= 0x80)
        {
            _bytes.Add((byte)(v | 0x80));
            v >>= 7;
        }
        _bytes.Add((byte)v);
        return this;
    }
}
