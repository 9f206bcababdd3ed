namespace PowerAutomation.Ai.Routing;

/// <summary>
/// A provider's <c>Retry-After</c> (RFC 9110: delay seconds or an HTTP date), or the vendors' own
/// <c>retry-after-ms</c>; null when absent or unreadable, capped at an hour so a wrong date cannot shut a provider out.
/// </summary>
public static class RetryAfter
{
    private static readonly TimeSpan Longest = TimeSpan.FromHours(1);

    public static TimeSpan? Of(HttpResponseMessage response, DateTimeOffset now)
    {
        if (response.Headers.TryGetValues("retry-after-ms", out var ms) && double.TryParse(ms.FirstOrDefault(), System.Globalization.NumberStyles.Float,
                System.Globalization.CultureInfo.InvariantCulture, out var milliseconds) && milliseconds >= 0)
        {
            return Cap(TimeSpan.FromMilliseconds(milliseconds));
        }

        var header = response.Headers.RetryAfter;
        return header switch
        {
            { Delta: { } delta } => Cap(delta),
            { Date: { } date } => Cap(date - now),
            _ => null,
        };
    }

    private static TimeSpan Cap(TimeSpan value) => value < TimeSpan.Zero ? TimeSpan.Zero : value > Longest ? Longest : value;
}
