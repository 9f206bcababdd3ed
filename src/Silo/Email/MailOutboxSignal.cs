namespace PowerAutomation.Silo.Email;

/// <summary>Wakes this silo's dispatcher when mail was queued here, so it goes out at once instead of at the next poll.</summary>
public sealed class MailOutboxSignal
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Notify()
    {
        // At most one pending wake-up: a dispatcher that wakes drains everything due anyway.
        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);
}
