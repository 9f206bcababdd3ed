using Microsoft.Extensions.Options;
using Orleans.Runtime.MembershipService.SiloMetadata;
using PowerAutomation.Grains.Abstractions.ModelWorkers;
using PowerAutomation.Grains.ModelWorkers;

namespace PowerAutomation.Silo.ModelWorkers;

public static class ModelWorkerHosting
{
    /// <summary>
    /// The model-worker pool: this silo's devices declared in its metadata, the placement director that keeps
    /// workers on their devices, and the start of this silo's workers. Every silo gets the director and the
    /// metadata (possibly empty), since any silo may be the one that places a worker.
    /// </summary>
    public static void AddModelWorkers(this ISiloBuilder orleans, IConfiguration configuration)
    {
        var options = configuration.GetSection(ModelWorkerOptions.Section).Get<ModelWorkerOptions>() ?? new ModelWorkerOptions();
        var devices = AcceleratorDevices.Resolve(options);
        orleans.Services.AddOptions<ModelWorkerOptions>().BindConfiguration(ModelWorkerOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        orleans.Services.AddSingleton(new ModelWorkerDevices(devices));
        orleans.Services.AddSingleton<ModelWorkerRegistry>();
        orleans.Services.AddSingleton<ModelWorkerMetrics>();
        orleans.Services.AddSingleton<ModelWorkerClient>();
        orleans.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, ModelWorkerStarter>();
        orleans.Services.AddPlacementDirector<ModelWorkerPlacement, ModelWorkerPlacementDirector>();
        orleans.UseSiloMetadata(devices.Count == 0 ? [] : new Dictionary<string, string> { [ModelWorkerMetadata.DevicesKey] = string.Join(',', devices) });
    }
}
