namespace PowerAutomation.Grains.Identity;

/// <summary>
/// The clock mailed links expire by. Its own service (like the workflow clock) so tests can move it without moving
/// Orleans' time.
/// </summary>
public sealed class AccountMailClock(TimeProvider time)
{
    public TimeProvider Time => time;
}
