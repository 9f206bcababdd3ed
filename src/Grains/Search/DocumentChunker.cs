namespace PowerAutomation.Grains.Search;

/// <summary>A piece of a document: where it starts (UTF-16 offset) and its text.</summary>
public readonly record struct TextChunk(int Offset, string Text);

/// <summary>
/// Cuts text into chunks of whole lines of at most a given length, so that each chunk fits the model's window and
/// a hit points at a few lines rather than a whole file. A line longer than the limit is cut on its own; chunks
/// of nothing but white space are dropped.
/// </summary>
public static class DocumentChunker
{
    public static IReadOnlyList<TextChunk> Chunk(string text, int maxLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 1);
        var chunks = new List<TextChunk>();
        var start = 0;
        var end = 0;
        while (end < text.Length)
        {
            var lineEnd = text.IndexOf('\n', end);
            lineEnd = lineEnd < 0 ? text.Length : lineEnd + 1;
            if (lineEnd - start > maxLength && end > start)
            {
                Add(chunks, text, start, end);
                start = end;
                continue;
            }

            if (lineEnd - start > maxLength)
            {
                // One line longer than a chunk: cut it, avoiding a split surrogate pair.
                var cut = start + maxLength;
                if (char.IsHighSurrogate(text[cut - 1]))
                {
                    cut--;
                }

                Add(chunks, text, start, cut);
                start = end = cut;
                continue;
            }

            end = lineEnd;
        }

        Add(chunks, text, start, end);
        return chunks;
    }

    private static void Add(List<TextChunk> chunks, string text, int start, int end)
    {
        if (end > start && !string.IsNullOrWhiteSpace(text.AsSpan(start, end - start).ToString()))
        {
            chunks.Add(new TextChunk(start, text[start..end]));
        }
    }
}
