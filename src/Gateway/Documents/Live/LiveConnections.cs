using Microsoft.Extensions.Options;

namespace PowerAutomation.Gateway.Documents.Live;

/// <summary>
/// This gateway's live connections: how many each user and each document holds (capped), and each user's frame
/// rate. Counted per gateway, in memory, so a gateway that dies takes its counts with it instead of leaving
/// cluster-wide counters that never come down; the bounds protect this gateway's memory, which is what they are for.
/// </summary>
public sealed class LiveConnections(IOptions<LiveOptions> options, TimeProvider time)
{
    public const string TooManyConnections = "too_many_connections";

    private readonly object _gate = new();
    private readonly Dictionary<Guid, int> _users = [];
    private readonly Dictionary<Guid, int> _documents = [];
    private readonly Dictionary<Guid, TokenBucket> _rates = [];

    /// <summary>A slot for one more connection, or null with why (<see cref="TooManyConnections"/>).</summary>
    public IDisposable? TryOpen(Guid userId, Guid documentId, out string message)
    {
        var settings = options.Value;
        lock (_gate)
        {
            if (_users.GetValueOrDefault(userId) >= settings.MaxSocketsPerUser)
            {
                message = $"At most {settings.MaxSocketsPerUser} live connections per user on this server.";
                return null;
            }

            if (_documents.GetValueOrDefault(documentId) >= settings.MaxSocketsPerDocument)
            {
                message = $"At most {settings.MaxSocketsPerDocument} live connections per document on this server.";
                return null;
            }

            _users[userId] = _users.GetValueOrDefault(userId) + 1;
            _documents[documentId] = _documents.GetValueOrDefault(documentId) + 1;
            message = "";
            return new Slot(this, userId, documentId);
        }
    }

    /// <summary>Live connections a user holds here.</summary>
    public int ConnectionsOf(Guid userId)
    {
        lock (_gate)
        {
            return _users.GetValueOrDefault(userId);
        }
    }

    /// <summary>Takes one frame from the user's rate; false, with when to retry, when it is spent.</summary>
    public bool TryTakeFrame(Guid userId, out TimeSpan retryAfter)
    {
        var settings = options.Value;
        lock (_gate)
        {
            if (!_rates.TryGetValue(userId, out var bucket))
            {
                bucket = _rates[userId] = new TokenBucket(settings.OperationBurst, settings.OperationsPerMinute / 60.0, time.GetTimestamp());
            }

            return bucket.TryTake(time.GetTimestamp(), time.TimestampFrequency, out retryAfter);
        }
    }

    private void Close(Guid userId, Guid documentId)
    {
        lock (_gate)
        {
            Decrement(_documents, documentId);
            if (Decrement(_users, userId) && _rates.TryGetValue(userId, out var bucket)
                && bucket.IsFull(time.GetTimestamp(), time.TimestampFrequency))
            {
                // A full bucket is the same as none; a partly spent one stays, so reconnecting does not refill it.
                _rates.Remove(userId);
            }

            if (_rates.Count > 4 * _users.Count + 1024)
            {
                var now = time.GetTimestamp();
                foreach (var idle in _rates.Where(r => !_users.ContainsKey(r.Key) && r.Value.IsFull(now, time.TimestampFrequency)).Select(r => r.Key).ToList())
                {
                    _rates.Remove(idle);
                }
            }
        }
    }

    /// <summary>True when the count reached zero (and was removed).</summary>
    private static bool Decrement(Dictionary<Guid, int> counts, Guid key)
    {
        var left = counts.GetValueOrDefault(key) - 1;
        if (left > 0)
        {
            counts[key] = left;
            return false;
        }

        counts.Remove(key);
        return true;
    }

    private sealed class Slot(LiveConnections owner, Guid userId, Guid documentId) : IDisposable
    {
        private int _closed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _closed, 1) == 0)
            {
                owner.Close(userId, documentId);
            }
        }
    }
}
