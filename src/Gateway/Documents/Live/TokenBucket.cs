namespace PowerAutomation.Gateway.Documents.Live;

/// <summary>A token bucket: <c>capacity</c> at once, refilled at <c>perSecond</c>. Not thread-safe; callers lock.</summary>
public sealed class TokenBucket(double capacity, double perSecond, long timestamp)
{
    private readonly double _capacity = capacity;
    private double _tokens = capacity;
    private long _at = timestamp;

    public bool TryTake(long now, long frequency, out TimeSpan retryAfter)
    {
        Refill(now, frequency);
        if (_tokens >= 1)
        {
            _tokens -= 1;
            retryAfter = TimeSpan.Zero;
            return true;
        }

        retryAfter = TimeSpan.FromSeconds((1 - _tokens) / perSecond);
        return false;
    }

    public bool IsFull(long now, long frequency)
    {
        Refill(now, frequency);
        return _tokens >= _capacity;
    }

    private void Refill(long now, long frequency)
    {
        if (now > _at)
        {
            _tokens = Math.Min(_capacity, _tokens + (now - _at) / (double)frequency * perSecond);
            _at = now;
        }
    }
}
