namespace PowerAutomation.Inference.Embeddings;

/// <summary>Token id rows padded to the longest row of the batch, flattened row-major, with the matching attention mask.</summary>
public sealed record PaddedBatch(long[] InputIds, long[] AttentionMask, int Rows, int Columns)
{
    public static PaddedBatch From(IReadOnlyList<int[]> rows, int paddingId)
    {
        ArgumentOutOfRangeException.ThrowIfZero(rows.Count);
        var columns = rows.Max(r => r.Length);
        var ids = new long[rows.Count * columns];
        var mask = new long[rows.Count * columns];
        for (var r = 0; r < rows.Count; r++)
        {
            var offset = r * columns;
            Array.Fill(ids, paddingId, offset, columns);
            for (var c = 0; c < rows[r].Length; c++)
            {
                ids[offset + c] = rows[r][c];
                mask[offset + c] = 1;
            }
        }
        return new PaddedBatch(ids, mask, rows.Count, columns);
    }
}
