using PowerAutomation.Grains.Abstractions.ModelWorkers;

namespace PowerAutomation.Tests.ModelWorkers;

[Collection(ModelWorkerCollection.Name)]
public sealed class PlacementTests(ModelWorkerClusterFixture cluster)
{
    [Fact]
    public async Task Workers_ActivateOnlyOnTheSiloThatDeclaresTheirDevice()
    {
        var pool = await cluster.Cluster.GetGrain<IModelPoolGrain>(ModelNames.MiniLm).GetWorkers();
        var worker = Assert.Single(pool);
        Assert.Equal(cluster.WorkerSiloAddress.ToParsableString(), worker.Silo);
        Assert.Equal("cpu", worker.Device);

        // Keys that name the silo without a device, or a device the worker silo does not have, are refused.
        var onPlainSilo = new ModelWorkerKey(ModelNames.MiniLm, cluster.PlainSiloAddress.ToParsableString(), "cpu").ToString();
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => cluster.Cluster.GetGrain<IModelWorkerGrain>(onPlainSilo).Start());
        Assert.Contains("does not declare device 'cpu'", refused.ToString());
        var missingGpu = new ModelWorkerKey(ModelNames.MiniLm, cluster.WorkerSiloAddress.ToParsableString(), "cuda:0").ToString();
        await Assert.ThrowsAnyAsync<Exception>(() => cluster.Cluster.GetGrain<IModelWorkerGrain>(missingGpu).Start());

        // The runtime's own view: worker activations exist only on the worker silo.
        var management = cluster.Cluster.GetGrain<IManagementGrain>(0);
        var onPlain = await management.GetDetailedGrainStatistics(hostsIds: [cluster.PlainSiloAddress]);
        var onWorker = await management.GetDetailedGrainStatistics(hostsIds: [cluster.WorkerSiloAddress]);
        Assert.DoesNotContain(onPlain, IsModelWorker);
        Assert.Single(onWorker, IsModelWorker);
    }

    private static bool IsModelWorker(DetailedGrainStatistic statistic) =>
        statistic.GrainType.Contains("ModelWorkerGrain", StringComparison.Ordinal);
}
