namespace PowerAutomation.Grains.Identity;

/// <summary>Pure arithmetic: at most <c>allowed</c> requests in any sliding <c>window</c>.</summary>
public sealed class RequestWindow(int allowed, TimeSpan window)
{
    private readonly Queue<DateTimeOffset> _taken = new();

    /// <summary>Zero and counted when allowed now; else the wait until the oldest counted request leaves the window.</summary>
    public TimeSpan TryTake(DateTimeOffset now)
    {
        while (_taken.Count > 0 && now - _taken.Peek() >= window)
        {
            _taken.Dequeue();
        }

        if (_taken.Count >= allowed)
        {
            return _taken.Peek() + window - now;
        }

        _taken.Enqueue(now);
        return TimeSpan.Zero;
    }
}
