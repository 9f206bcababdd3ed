using DiffPlex;
using DiffPlex.Chunkers;

namespace PowerAutomation.Grains.Abstractions.Documents;

/// <summary>
/// The operation that turns one text into another with the smallest plausible change: a line diff (DiffPlex, line
/// endings kept so pieces add up to the texts), each changed hunk narrowed to the units that differ. A boundary
/// never falls inside a surrogate pair, so the operation always validates against the old text.
/// </summary>
public static class TextDiff
{
    public static TextOperation Between(string oldText, string newText)
    {
        var diff = Differ.Instance.CreateDiffs(oldText, newText, false, false, new LineEndingsPreservingChunker());
        var oldStarts = Starts(diff.PiecesOld);
        var newStarts = Starts(diff.PiecesNew);
        var builder = new TextOperation.Builder();
        var done = 0; // units of oldText already covered
        foreach (var block in diff.DiffBlocks)
        {
            var oldFrom = oldStarts[block.DeleteStartA];
            var oldTo = oldStarts[block.DeleteStartA + block.DeleteCountA];
            var newFrom = newStarts[block.InsertStartB];
            var newTo = newStarts[block.InsertStartB + block.InsertCountB];

            var prefix = CommonPrefix(oldText, oldFrom, oldTo, newText, newFrom, newTo);
            oldFrom += prefix;
            newFrom += prefix;
            var suffix = CommonSuffix(oldText, oldFrom, oldTo, newText, newFrom, newTo);
            oldTo -= suffix;
            newTo -= suffix;

            builder.Retain(oldFrom - done).Delete(oldTo - oldFrom).Insert(newText[newFrom..newTo]);
            done = oldTo;
        }

        return builder.Retain(oldText.Length - done).Build();
    }

    /// <summary>Offsets of each piece in the text and, last, the text's length.</summary>
    private static int[] Starts(IReadOnlyList<string> pieces)
    {
        var starts = new int[pieces.Count + 1];
        for (var i = 0; i < pieces.Count; i++)
        {
            starts[i + 1] = starts[i] + pieces[i].Length;
        }

        return starts;
    }

    private static int CommonPrefix(string a, int aFrom, int aTo, string b, int bFrom, int bTo)
    {
        var length = 0;
        while (aFrom + length < aTo && bFrom + length < bTo && a[aFrom + length] == b[bFrom + length])
        {
            length++;
        }

        // Stepping back past a high surrogate keeps its pair whole on both sides.
        return length > 0 && char.IsHighSurrogate(a[aFrom + length - 1]) ? length - 1 : length;
    }

    private static int CommonSuffix(string a, int aFrom, int aTo, string b, int bFrom, int bTo)
    {
        var length = 0;
        while (aTo - length > aFrom && bTo - length > bFrom && a[aTo - length - 1] == b[bTo - length - 1])
        {
            length++;
        }

        return length > 0 && char.IsLowSurrogate(a[aTo - length]) ? length - 1 : length;
    }
}
