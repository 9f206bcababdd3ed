namespace PowerAutomation.Grains.Quotas;

/// <summary>
/// Group commit for a reentrant grain: callers that changed state wait until a write that started after their
/// change has finished. While one write runs, later changes pile up and share the next one, so the grain
/// acknowledges only durable changes without one database round trip per call. A write may finish synchronously
/// (a driver answering from its buffer); a finished write is never waited on as if it were running.
/// </summary>
public sealed class DurableWriter(Func<Task> write)
{
    private long _changed;
    private long _durable;
    private Task _writing = Task.CompletedTask;

    /// <summary>Marks a change and waits until it is written; a failed write fails its waiters.</summary>
    public async Task ChangedAsync()
    {
        var change = ++_changed;
        while (_durable < change)
        {
            if (_writing.IsCompleted)
            {
                _writing = WriteAsync();
            }

            await _writing;
        }
    }

    private async Task WriteAsync()
    {
        var upTo = _changed;
        await write();
        _durable = Math.Max(_durable, upTo);
    }
}
