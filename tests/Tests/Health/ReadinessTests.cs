using System.Net;
using System.Text.Json;
using PowerAutomation.Tests.Infrastructure;

namespace PowerAutomation.Tests.Health;

[Collection(ClusterCollection.Name)]
public sealed class ReadinessTests(ClusterFixture cluster)
{
    [Fact]
    public async Task Ready_WhenEverythingAnswers_Is200WithEachDependency()
    {
        var response = await cluster.CreateClient().GetAsync("/health/ready");
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var names = body.GetProperty("checks").EnumerateArray().Select(c => c.GetProperty("name").GetString()!).Order().ToArray();
        Assert.Equal(["cluster", "postgresql", "redis"], names);
    }

    [Fact]
    public async Task Live_Is200()
    {
        var response = await cluster.CreateClient().GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}

/// <summary>A cluster with a Redis of its own, so the test can stop it and watch readiness fail.</summary>
public sealed class OwnRedisClusterFixture : ClusterFixture
{
    public RedisServer OwnRedis { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        OwnRedis = await RedisServer.StartAsync();
        await base.InitializeAsync();
    }

    protected override string RedisFor(string shared) => OwnRedis.ConnectionString;

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await OwnRedis.DisposeAsync();
    }
}

public sealed class ReadinessWithoutRedisTests(OwnRedisClusterFixture cluster) : IClassFixture<OwnRedisClusterFixture>
{
    [Fact]
    public async Task Ready_WhenRedisIsDown_Is503NamingRedis()
    {
        var http = cluster.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/ready")).StatusCode);

        await cluster.OwnRedis.DisposeAsync();

        var response = await http.GetAsync("/health/ready");
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var failed = body.GetProperty("checks").EnumerateArray().Where(c => !c.GetProperty("healthy").GetBoolean())
            .Select(c => c.GetProperty("name").GetString()!).ToArray();
        Assert.Equal(["redis"], failed);
    }
}
