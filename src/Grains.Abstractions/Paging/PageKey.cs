namespace PowerAutomation.Grains.Abstractions.Paging;

/// <summary>
/// Where a newest-first page ends: the last item's immutable sort time and id. The next page holds the items
/// strictly before it in (time, id) order, so items added meanwhile never shift a page (no duplicates, no gaps).
/// </summary>
[GenerateSerializer, Immutable, Alias("pa.PageKey")]
public sealed record PageKey(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] string Id);
