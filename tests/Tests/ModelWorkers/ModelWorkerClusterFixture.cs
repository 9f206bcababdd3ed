using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using PowerAutomation.Grains.Abstractions.ModelWorkers;
using PowerAutomation.Tests.Infrastructure;

namespace PowerAutomation.Tests.ModelWorkers;

/// <summary>
/// Two silos and a gateway: the first silo declares no device, the second runs one CPU model worker with a small
/// batch (8) and queue (16), so overload is easy to reach. Search re-embeds 300 ms after a document goes quiet.
/// </summary>
public sealed class ModelWorkerClusterFixture : ClusterFixture
{
    private static readonly string[] Shared = ["--Search:Debounce=00:00:00.300", "--Search:EmbedBatch=8", "--ModelWorkers:Accelerators=none"];

    /// <summary>The silo with the CPU worker; <see cref="ClusterFixture.Silo"/> has none.</summary>
    public WebApplication WorkerSilo { get; private set; } = null!;

    public SiloAddress PlainSiloAddress => Silo.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;

    public SiloAddress WorkerSiloAddress => WorkerSilo.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;

    protected override string[] SiloArguments() => Shared;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        WorkerSilo = await StartSiloAsync([.. Shared, "--ModelWorkers:CpuWorker=true", "--ModelWorkers:MaxBatchSize=8", "--ModelWorkers:QueueCapacity=16"]);

        // The worker starts with its silo; the pool lists it once it has reported.
        await Processes.WaitUntilAsync(async () => (await Cluster.GetGrain<IModelPoolGrain>(ModelNames.MiniLm).GetWorkers()).Count == 1,
            TimeSpan.FromSeconds(60), "the CPU model worker to join its pool");
    }
}

[CollectionDefinition(Name)]
public sealed class ModelWorkerCollection : ICollectionFixture<ModelWorkerClusterFixture>
{
    public const string Name = "model-workers";
}
