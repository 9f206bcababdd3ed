using Microsoft.Extensions.Options;
using PowerAutomation.Grains.Abstractions.ModelWorkers;
using PowerAutomation.Grains.ModelWorkers;

namespace PowerAutomation.Silo.ModelWorkers;

/// <summary>
/// Once the silo is active, activates one worker per declared device (loading and warming up the model), so the
/// silo is ready for embeddings when its start completes.
/// </summary>
public sealed partial class ModelWorkerStarter(
    ModelWorkerDevices devices,
    ILocalSiloDetails silo,
    IGrainFactory grains,
    ILogger<ModelWorkerStarter> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(ModelWorkerStarter), ServiceLifecycleStage.Active, StartAsync, _ => Task.CompletedTask);

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        if (devices.Devices.Count == 0)
        {
            LogNoWorkers();
            return;
        }

        await Task.WhenAll(devices.Devices.Select(async device =>
        {
            var key = new ModelWorkerKey(ModelNames.MiniLm, silo.SiloAddress.ToParsableString(), device).ToString();
            try
            {
                await grains.GetGrain<IModelWorkerGrain>(key).Start();
            }
            catch (Exception exception)
            {
                // The silo still serves everything else; embeddings go to other workers, or answer 503.
                LogStartFailed(exception, device);
            }
        }));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "No model workers on this silo (no accelerator found and ModelWorkers:CpuWorker is off)")]
    private partial void LogNoWorkers();

    [LoggerMessage(Level = LogLevel.Error, Message = "The model worker on {Device} failed to start")]
    private partial void LogStartFailed(Exception exception, string device);
}

/// <summary>The devices this silo declared, resolved once at start.</summary>
public sealed record ModelWorkerDevices(IReadOnlyList<string> Devices);
