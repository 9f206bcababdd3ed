namespace PowerAutomation.Grains.Abstractions.Paging;

/// <summary>One page of a listing and where the next one starts (null when this is the last).</summary>
[GenerateSerializer, Immutable, Alias("pa.Page`1")]
public sealed record Page<T>(
    [property: Id(0)] IReadOnlyList<T> Items,
    [property: Id(1)] PageKey? Next)
{
    /// <summary>
    /// A page from up to <paramref name="limit"/> + 1 rows read newest first: the extra row only says that there is more.
    /// </summary>
    public static Page<T> FromRows(IReadOnlyList<T> rows, int limit, Func<T, PageKey> keyOf) =>
        rows.Count > limit
            ? new Page<T>(rows.Take(limit).ToList(), keyOf(rows[limit - 1]))
            : new Page<T>(rows, null);
}
