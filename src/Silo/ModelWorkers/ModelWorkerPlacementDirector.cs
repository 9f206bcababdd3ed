using Orleans.Runtime.MembershipService.SiloMetadata;
using Orleans.Runtime.Placement;
using PowerAutomation.Grains.Abstractions.ModelWorkers;
using PowerAutomation.Grains.ModelWorkers;

namespace PowerAutomation.Silo.ModelWorkers;

/// <summary>
/// Places a model worker on the silo its key names, and only if that silo is alive, hosts the grain type and
/// declares the device in its metadata. Anything else is refused: a worker never runs where its device is not.
/// </summary>
public sealed class ModelWorkerPlacementDirector(ISiloMetadataCache metadata) : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var keyText = target.GrainIdentity.Key.ToString() ?? "";
        var key = ModelWorkerKey.TryParse(keyText)
            ?? throw new OrleansException($"'{keyText}' is not a model worker key (model|silo|device).");
        foreach (var silo in context.GetCompatibleSilos(target))
        {
            if (silo.ToParsableString() != key.Silo)
            {
                continue;
            }

            var declared = metadata.GetSiloMetadata(silo).Metadata.GetValueOrDefault(ModelWorkerMetadata.DevicesKey);
            if (ModelWorkerMetadata.ParseDevices(declared).Contains(key.Device))
            {
                return Task.FromResult(silo);
            }

            throw new OrleansException($"Silo {key.Silo} does not declare device '{key.Device}'; model workers run only where their device is.");
        }

        throw new OrleansException($"Silo {key.Silo} is not an active member of the cluster; its model workers cannot be placed.");
    }
}
