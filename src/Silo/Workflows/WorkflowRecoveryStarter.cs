using Microsoft.Extensions.Logging;
using PowerAutomation.Grains.Abstractions.Workflows;

namespace PowerAutomation.Silo.Workflows;

/// <summary>
/// Makes sure the recovery sweep's reminder exists once the silo is active. It runs in the background and retries,
/// so a slow reminder service never holds up the silo's start.
/// </summary>
public sealed partial class WorkflowRecoveryStarter(IGrainFactory grains, ILogger<WorkflowRecoveryStarter> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(WorkflowRecoveryStarter), ServiceLifecycleStage.Active, OnActive, _ => Task.CompletedTask);

    private Task OnActive(CancellationToken cancellationToken)
    {
        _ = Task.Run(async () =>
        {
            for (var attempt = 1; attempt <= 10; attempt++)
            {
                try
                {
                    await grains.GetGrain<IWorkflowRecoveryGrain>(0).EnsureScheduled();
                    return;
                }
                catch (Exception exception)
                {
                    LogScheduleFailed(exception, attempt);
                    await Task.Delay(TimeSpan.FromSeconds(attempt * 2));
                }
            }
        }, CancellationToken.None);
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Scheduling the workflow recovery sweep failed (attempt {Attempt})")]
    private partial void LogScheduleFailed(Exception exception, int attempt);
}
