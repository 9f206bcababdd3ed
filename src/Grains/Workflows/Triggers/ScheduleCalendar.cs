using Cronos;

namespace PowerAutomation.Grains.Workflows.Triggers;

/// <summary>
/// When a schedule fires: a 5-field cron expression read in a time zone (Cronos does the calendar, DST included: a
/// time skipped by spring-forward fires at the jump, a time repeated by fall-back fires once). A tick fires only the
/// latest occurrence it finds due, so fires missed while nothing ticked (an outage) become one fire, never several.
/// </summary>
public sealed class ScheduleCalendar
{
    /// <summary>Missed occurrences are looked for this far back at most: a schedule that was down for a week fires once, for its last due time.</summary>
    public static readonly TimeSpan LookBack = TimeSpan.FromDays(1);

    private readonly CronExpression _cron;

    private ScheduleCalendar(CronExpression cron, TimeZoneInfo zone)
    {
        _cron = cron;
        Zone = zone;
    }

    public TimeZoneInfo Zone { get; }

    /// <summary>The calendar, or a message saying what is wrong with the expression or the zone.</summary>
    public static (ScheduleCalendar? Calendar, string? Error) Parse(string? cron, string? timezone)
    {
        if (string.IsNullOrWhiteSpace(cron) || cron.Length > 200)
        {
            return (null, "cron is a 5-field expression (minute hour day-of-month month day-of-week), e.g. \"0 3 * * *\".");
        }

        CronExpression expression;
        try
        {
            expression = CronExpression.Parse(cron.Trim(), CronFormat.Standard);
        }
        catch (CronFormatException exception)
        {
            return (null, $"cron \"{cron}\" is not a 5-field expression: {exception.Message}");
        }

        TimeZoneInfo zone;
        try
        {
            zone = string.IsNullOrEmpty(timezone) ? TimeZoneInfo.Utc : TimeZoneInfo.FindSystemTimeZoneById(timezone);
        }
        catch (Exception exception) when (exception is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return (null, $"timezone \"{timezone}\" is not a known IANA time zone (e.g. \"Europe/Berlin\").");
        }

        return expression.GetNextOccurrence(DateTimeOffset.UtcNow, zone) is null
            ? (null, $"cron \"{cron}\" never fires.")
            : (new ScheduleCalendar(expression, zone), null);
    }

    /// <summary>The first occurrence after <paramref name="after"/>.</summary>
    public DateTimeOffset? Next(DateTimeOffset after) => _cron.GetNextOccurrence(after, Zone);

    /// <summary>The latest occurrence in (<paramref name="after"/>, <paramref name="now"/>], looking back at most <see cref="LookBack"/>; null when none is due.</summary>
    public DateTimeOffset? LatestDue(DateTimeOffset after, DateTimeOffset now)
    {
        var from = after > now - LookBack ? after : now - LookBack;
        DateTimeOffset? latest = null;
        for (var next = Next(from); next is { } at && at <= now; next = Next(at))
        {
            latest = at;
        }

        return latest;
    }
}
