using System.Text;

namespace PowerAutomation.Grains.Abstractions.Documents;

/// <summary>
/// A mutable document stored as a list of bounded chunks, so an edit moves at most one chunk's worth of text
/// instead of the whole document (which would make long editing sessions quadratic). Edits cluster where the
/// author types, so the chunk of the last access is remembered and searched from.
/// </summary>
public sealed class ChunkedText : ITextSource
{
    private const int MaxChunk = 2048;

    private readonly List<StringBuilder> _chunks = [new()];
    private int _cachedChunk;
    private int _cachedStart;

    public ChunkedText(string text = "")
    {
        _chunks.Clear();
        for (var i = 0; i < text.Length; i += MaxChunk / 2)
        {
            _chunks.Add(new StringBuilder(text.Substring(i, Math.Min(MaxChunk / 2, text.Length - i)), MaxChunk));
        }

        if (_chunks.Count == 0)
        {
            _chunks.Add(new StringBuilder(MaxChunk));
        }

        Length = text.Length;
    }

    public int Length { get; private set; }

    public char this[int index]
    {
        get
        {
            var (chunk, start) = Locate(index, forInsert: false);
            return _chunks[chunk][index - start];
        }
    }

    /// <summary>Applies the operation in place; the document is unchanged if the operation does not fit.</summary>
    public void Apply(TextOperation operation)
    {
        if (operation.BaseLength != Length)
        {
            throw new OperationException($"The operation spans {operation.BaseLength} units but the document has {Length}.");
        }

        var position = 0;
        foreach (var component in operation.Components)
        {
            switch (component.Kind)
            {
                case ComponentKind.Retain:
                    position += component.Length;
                    break;
                case ComponentKind.Insert:
                    Insert(position, component.Text!);
                    position += component.Length;
                    break;
                default:
                    Remove(position, component.Length);
                    break;
            }
        }
    }

    public void Insert(int position, string text)
    {
        var (chunk, start) = Locate(position, forInsert: true);
        var builder = _chunks[chunk];
        builder.Insert(position - start, text);
        Length += text.Length;
        if (builder.Length > MaxChunk)
        {
            Split(chunk);
        }
    }

    public void Remove(int position, int count)
    {
        while (count > 0)
        {
            var (chunk, start) = Locate(position, forInsert: false);
            var builder = _chunks[chunk];
            var offset = position - start;
            var take = Math.Min(count, builder.Length - offset);
            builder.Remove(offset, take);
            Length -= take;
            count -= take;
            if (builder.Length == 0 && _chunks.Count > 1)
            {
                _chunks.RemoveAt(chunk);
                _cachedChunk = 0;
                _cachedStart = 0;
            }
        }
    }

    public string Substring(int position, int count)
    {
        var result = new StringBuilder(count);
        while (count > 0)
        {
            var (chunk, start) = Locate(position, forInsert: false);
            var offset = position - start;
            var take = Math.Min(count, _chunks[chunk].Length - offset);
            result.Append(_chunks[chunk], offset, take);
            position += take;
            count -= take;
        }

        return result.ToString();
    }

    public override string ToString()
    {
        var result = new StringBuilder(Length);
        foreach (var chunk in _chunks)
        {
            result.Append(chunk);
        }

        return result.ToString();
    }

    /// <summary>
    /// The chunk holding <paramref name="position"/> and where it starts. For an insert, a position at a chunk's end
    /// belongs to that chunk, so appending never needs an empty chunk.
    /// </summary>
    private (int Chunk, int Start) Locate(int position, bool forInsert)
    {
        if (position < 0 || position > Length || (!forInsert && position == Length))
        {
            throw new ArgumentOutOfRangeException(nameof(position), position, $"Outside a document of {Length} units.");
        }

        var chunk = Math.Min(_cachedChunk, _chunks.Count - 1);
        var start = chunk == _cachedChunk ? _cachedStart : 0;
        if (chunk != _cachedChunk)
        {
            chunk = 0;
        }

        while (position < start)
        {
            chunk--;
            start -= _chunks[chunk].Length;
        }

        while (Inside(position, start, _chunks[chunk].Length, forInsert) is false && chunk < _chunks.Count - 1)
        {
            start += _chunks[chunk].Length;
            chunk++;
        }

        _cachedChunk = chunk;
        _cachedStart = start;
        return (chunk, start);
    }

    private static bool Inside(int position, int start, int length, bool forInsert) =>
        forInsert ? position <= start + length : position < start + length;

    private void Split(int chunk)
    {
        var builder = _chunks[chunk];
        var half = builder.Length / 2;
        var tail = new StringBuilder(builder.ToString(half, builder.Length - half), MaxChunk);
        builder.Length = half;
        _chunks.Insert(chunk + 1, tail);
    }
}
