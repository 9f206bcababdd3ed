using PowerAutomation.Grains.Workflows.Triggers;

namespace PowerAutomation.Tests.Workflows.Triggers;

public sealed class ScheduleCalendarTests
{
    private static ScheduleCalendar Calendar(string cron, string? zone = null)
    {
        var (calendar, error) = ScheduleCalendar.Parse(cron, zone);
        Assert.True(calendar is not null, error);
        return calendar!;
    }

    [Fact]
    public void EveryMinute_TheLatestDueOccurrenceIsTheMinuteJustPassed_AndNothingBeforeTheFirst()
    {
        var calendar = Calendar("* * * * *");
        var created = new DateTimeOffset(2026, 12, 3, 10, 0, 30, TimeSpan.Zero);

        Assert.Null(calendar.LatestDue(created, created.AddSeconds(20)));
        Assert.Equal(created.AddSeconds(30), calendar.LatestDue(created, created.AddSeconds(30)));
        Assert.Equal(created.AddSeconds(30), calendar.LatestDue(created, created.AddSeconds(89)));
    }

    [Fact]
    public void FiresMissedDuringAnOutage_CollapseIntoTheLatestOne()
    {
        var calendar = Calendar("*/5 * * * *");
        var last = new DateTimeOffset(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);

        // Down from 10:00 to 10:37: 10:05 … 10:35 were missed; one fire, for 10:35.
        Assert.Equal(last.AddMinutes(35), calendar.LatestDue(last, last.AddMinutes(37)));

        // Down for a week: still one fire, the latest, found within the look-back.
        Assert.Equal(last.AddDays(7), calendar.LatestDue(last, last.AddDays(7).AddSeconds(10)));
    }

    [Fact]
    public void NightlyInBerlin_FiresAtLocalTime_OnBothSidesOfDaylightSaving()
    {
        var calendar = Calendar("0 3 * * *", "Europe/Berlin");

        // 03:00 in winter is 02:00 UTC; in summer 01:00 UTC.
        Assert.Equal(new DateTimeOffset(2026, 12, 4, 2, 0, 0, TimeSpan.Zero), calendar.Next(new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero)));
        Assert.Equal(new DateTimeOffset(2026, 7, 2, 1, 0, 0, TimeSpan.Zero), calendar.Next(new DateTimeOffset(2026, 7, 1, 12, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void ATimeSkippedBySpringForward_FiresOnceAtTheJump_AndARepeatedTimeFiresOnce()
    {
        // 2026-03-29 02:00 → 03:00 in Berlin: 02:30 does not exist that day.
        var skipped = Calendar("30 2 * * *", "Europe/Berlin");
        var spring = new DateTimeOffset(2026, 3, 28, 12, 0, 0, TimeSpan.Zero);
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 1, 0, 0, TimeSpan.Zero), skipped.Next(spring));

        // 2026-10-25 03:00 → 02:00: 02:30 happens twice; one fire, then the next day.
        var autumn = new DateTimeOffset(2026, 10, 24, 12, 0, 0, TimeSpan.Zero);
        var first = skipped.Next(autumn)!.Value;
        Assert.Equal(new DateTimeOffset(2026, 10, 25, 0, 30, 0, TimeSpan.Zero), first);
        Assert.Equal(new DateTimeOffset(2026, 10, 26, 1, 30, 0, TimeSpan.Zero), skipped.Next(first));
    }

    [Theory]
    [InlineData("", null, "5-field")]
    [InlineData("* * * *", null, "5-field")]
    [InlineData("61 * * * *", null, "5-field")]
    [InlineData("0 3 * * *", "Mars/Olympus", "time zone")]
    [InlineData("0 0 30 2 *", null, "never fires")]
    public void BadExpressionsAndZones_AreRefusedWithAMessage(string cron, string? zone, string expected)
    {
        var (calendar, error) = ScheduleCalendar.Parse(cron, zone);

        Assert.Null(calendar);
        Assert.Contains(expected, error);
    }
}
