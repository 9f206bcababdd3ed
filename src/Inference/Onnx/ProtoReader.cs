namespace PowerAutomation.Inference.Onnx;

/// <summary>
/// Reads protobuf wire format field by field. ONNX needs only a handful of fields, so a reader over the
/// bytes keeps the library free of a protobuf runtime and generated code; weight bytes are sliced, not copied.
/// </summary>
internal struct ProtoReader(ReadOnlyMemory<byte> data)
{
    private readonly ReadOnlyMemory<byte> _data = data;
    private int _position;

    public readonly bool AtEnd => _position >= _data.Length;

    /// <summary>Reads the next field's tag; false at the end of the message.</summary>
    public bool TryReadTag(out int field, out WireType wireType)
    {
        if (AtEnd)
        {
            field = 0;
            wireType = default;
            return false;
        }
        var tag = ReadVarint();
        field = checked((int)(tag >> 3));
        wireType = (WireType)(tag & 7);
        return true;
    }

    public ulong ReadVarint()
    {
        var span = _data.Span;
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (_position >= span.Length)
            {
                throw new InvalidDataException("Truncated varint in protobuf data.");
            }
            var b = span[_position++];
            value |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }
        throw new InvalidDataException("Malformed varint in protobuf data.");
    }

    public ReadOnlyMemory<byte> ReadBytes()
    {
        var length = checked((int)ReadVarint());
        if (length < 0 || length > _data.Length - _position)
        {
            throw new InvalidDataException("Length-delimited field runs past the end of its message.");
        }
        var slice = _data.Slice(_position, length);
        _position += length;
        return slice;
    }

    public string ReadString() => System.Text.Encoding.UTF8.GetString(ReadBytes().Span);

    public uint ReadFixed32()
    {
        var value = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(Take(4));
        return value;
    }

    public void Skip(WireType wireType)
    {
        switch (wireType)
        {
            case WireType.Varint:
                ReadVarint();
                break;
            case WireType.Fixed64:
                Take(8);
                break;
            case WireType.LengthDelimited:
                ReadBytes();
                break;
            case WireType.Fixed32:
                Take(4);
                break;
            default:
                throw new InvalidDataException($"Unsupported protobuf wire type {wireType}.");
        }
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > _data.Length - _position)
        {
            throw new InvalidDataException("Fixed-size field runs past the end of its message.");
        }
        var span = _data.Span.Slice(_position, count);
        _position += count;
        return span;
    }
}
