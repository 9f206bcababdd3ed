using Microsoft.Extensions.Logging;

namespace PowerAutomation.Silo.Database;

/// <summary>
/// Runs one <see cref="ReadModelRepair"/> pass in the background once the silo is active (grains are callable then),
/// retrying a few times, so the repair never holds up the silo's start.
/// </summary>
public sealed partial class ReadModelRepairStarter(ReadModelRepair repair, ILogger<ReadModelRepairStarter> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    private readonly CancellationTokenSource _stopping = new();

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(ReadModelRepairStarter), ServiceLifecycleStage.Active, OnActive, OnStop);

    private Task OnActive(CancellationToken cancellationToken)
    {
        _ = Task.Run(async () =>
        {
            for (var attempt = 1; attempt <= 5 && !_stopping.IsCancellationRequested; attempt++)
            {
                try
                {
                    await repair.RunAsync(_stopping.Token);
                    return;
                }
                catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception exception)
                {
                    LogRepairFailed(exception, attempt);
                    await Task.Delay(TimeSpan.FromSeconds(attempt * 5), _stopping.Token).ContinueWith(_ => { }, TaskScheduler.Default);
                }
            }
        }, CancellationToken.None);
        return Task.CompletedTask;
    }

    private Task OnStop(CancellationToken cancellationToken)
    {
        _stopping.Cancel();
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Repairing the read models failed (attempt {Attempt})")]
    private partial void LogRepairFailed(Exception exception, int attempt);
}
