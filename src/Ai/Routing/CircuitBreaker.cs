namespace PowerAutomation.Ai.Routing;

public enum CircuitState
{
    Closed,
    HalfOpen,
    Open,
}

/// <summary>
/// A provider's circuit: closed while it works; open after <c>threshold</c> failures in a row, refusing calls for
/// the break duration (or as long as the provider's Retry-After asked); then half-open, letting exactly one trial call through, whose outcome closes or re-opens it.
/// </summary>
public sealed class CircuitBreaker(int threshold, TimeSpan breakDuration, TimeProvider time)
{
    private readonly Lock _gate = new();
    private int _failures;
    private DateTimeOffset _openUntil;
    private bool _trialInFlight;

    public CircuitState State
    {
        get
        {
            lock (_gate)
            {
                return StateAt(time.GetUtcNow());
            }
        }
    }

    /// <summary>Whether a call may be tried now, without taking the half-open trial.</summary>
    public bool MayAttempt
    {
        get
        {
            lock (_gate)
            {
                var state = StateAt(time.GetUtcNow());
                return state == CircuitState.Closed || (state == CircuitState.HalfOpen && !_trialInFlight);
            }
        }
    }

    /// <summary>Takes permission for one call; in the half-open state only the first caller gets it.</summary>
    public bool TryAcquire()
    {
        lock (_gate)
        {
            switch (StateAt(time.GetUtcNow()))
            {
                case CircuitState.Closed:
                    return true;
                case CircuitState.HalfOpen when !_trialInFlight:
                    _trialInFlight = true;
                    return true;
                default:
                    return false;
            }
        }
    }

    public void RecordSuccess()
    {
        lock (_gate)
        {
            _failures = 0;
            _openUntil = default;
            _trialInFlight = false;
        }
    }

    /// <returns>Whether this failure opened the circuit.</returns>
    public bool RecordFailure()
    {
        lock (_gate)
        {
            var state = StateAt(time.GetUtcNow());
            _failures++;
            _trialInFlight = false;
            if (state == CircuitState.HalfOpen || (state == CircuitState.Closed && _failures >= threshold))
            {
                _openUntil = time.GetUtcNow() + breakDuration;
                return true;
            }

            return false;
        }
    }

    /// <summary>Opens the circuit for at least <paramref name="duration"/> (a provider's Retry-After), whatever the failure count.</summary>
    public void OpenFor(TimeSpan duration)
    {
        lock (_gate)
        {
            var until = time.GetUtcNow() + duration;
            _openUntil = until > _openUntil ? until : _openUntil;
            _trialInFlight = false;
        }
    }

    private CircuitState StateAt(DateTimeOffset now) =>
        _openUntil == default ? CircuitState.Closed : now < _openUntil ? CircuitState.Open : CircuitState.HalfOpen;
}
