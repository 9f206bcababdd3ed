using PowerAutomation.Grains.Abstractions.Paging;

namespace PowerAutomation.Gateway.Paging;

/// <summary><c>{items, nextCursor}</c>: <c>nextCursor</c> is null on the last page.</summary>
public sealed record PageResponse<T>(IReadOnlyList<T> Items, string? NextCursor)
{
    /// <summary>The header that carries the next cursor where the body is a bare array (API.md fixed those shapes).</summary>
    public const string NextCursorHeader = "X-Next-Cursor";

    public static PageResponse<T> From<TItem>(Page<TItem> page, Func<TItem, T> map) =>
        new(page.Items.Select(map).ToList(), page.Next is { } next ? PageCursor.Encode(next) : null);
}
