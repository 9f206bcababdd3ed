using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PowerAutomation.Grains.Abstractions.ModelWorkers;
using PowerAutomation.Tests.Ai;
using PowerAutomation.Tests.Infrastructure;

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

    [Fact]
    public async Task Operators_SeeTheWorkers_AndTheirBatchesInMetrics()
    {
        var http = cluster.CreateClient();
        var admin = await cluster.AdminTokenAsync();
        var email = ApiClient.NewEmail("ops");
        await http.RegisterAsync(email);
        await http.IssueLicenseAsync(admin, email, limits: new { aiRequestsPerDay = 1000, requestsPerMinute = 100_000 });
        var token = (await http.LoginAsync(email)).AccessToken;
        var embedded = await http.PostAsync("/v1/embeddings", token, new { model = ModelNames.MiniLm, input = new[] { "one", "two", "three" } });
        Assert.True(embedded.IsSuccessStatusCode);

        var workers = await (await http.SendAuthorizedAsync(HttpMethod.Get, "/api/v1/admin/ai/workers", admin)).Content.ReadFromJsonAsync<JsonElement>();
        var worker = Assert.Single(workers.EnumerateArray());
        Assert.Equal("cpu", worker.GetProperty("device").GetString());
        Assert.Equal(cluster.WorkerSiloAddress.ToParsableString(), worker.GetProperty("silo").GetString());
        Assert.True(worker.GetProperty("items").GetInt64() >= 3);
        Assert.Equal(16, worker.GetProperty("queueCapacity").GetInt32());
        Assert.Equal(HttpStatusCode.Forbidden, (await http.SendAuthorizedAsync(HttpMethod.Get, "/api/v1/admin/ai/workers", token)).StatusCode);

        // The worker silo's Prometheus endpoint carries the pool's metrics.
        using var silo = new HttpClient { BaseAddress = new Uri(cluster.WorkerSilo.Urls.First()) };
        var metrics = await silo.GetStringAsync("/metrics");
        Assert.Contains("pa_model_batch_size", metrics);
        Assert.Contains("pa_model_queue_depth", metrics);
    }

    private static bool IsModelWorker(DetailedGrainStatistic statistic) =>
        statistic.GrainType.Contains("ModelWorkerGrain", StringComparison.Ordinal);
}
