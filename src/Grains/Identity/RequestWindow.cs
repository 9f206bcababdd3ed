namespace PowerAutomation.Grains.Identity;

/// <summary>Pure arithmetic: at most <c>allowed</c> requests in any sliding <c>window</c>.</summary>
public sealed class RequestWindow
{
    private readonly Queue<DateTimeOffset> _taken = new();

    /// <summary>Zero and counted when allowed now; else the wait until the oldest counted request leaves the window.</summary>
    public TimeSpan TryTake(DateTimeOffset now, int allowed, TimeSpan window)
    {
        while (_taken.Count > 0 && now - _taken.Peek() >= window)
        {
            _taken.Dequeue();
        }

        if (_taken.Count >= allowed)
        {
            // Keep memory bounded when the allowance shrinks between calls.
            while (_taken.Count > allowed && allowed > 0)
            {
                _taken.Dequeue();
            }

            return _taken.Count == 0 ? window : _taken.Peek() + window - now;
        }

        _taken.Enqueue(now);
        return TimeSpan.Zero;
    }
}
