using Microsoft.Extensions.Options;
using PowerAutomation.Gateway.Hosting;
using PowerAutomation.Silo.Hosting;

namespace PowerAutomation.Tests.Hosting;

/// <summary>A missing or bad setting stops the process at start with a message naming it.</summary>
public sealed class StartupValidationTests
{
    [Fact]
    public void Silo_WithoutPostgres_FailsNamingTheSetting()
    {
        var error = Assert.Throws<OptionsValidationException>(() => SiloApp.Build(["--Cluster:RedisConnectionString=127.0.0.1:1"]));
        Assert.Contains("Cluster:PostgresConnectionString", error.Message);
    }

    [Fact]
    public void Silo_WithBadAdvertisedAddress_FailsNamingTheSetting()
    {
        var error = Assert.Throws<OptionsValidationException>(() => SiloApp.Build(
        [
            "--Cluster:PostgresConnectionString=Host=127.0.0.1", "--Cluster:RedisConnectionString=127.0.0.1:1",
            "--Silo:AdvertisedAddress=not-an-ip",
        ]));
        Assert.Contains("Silo:AdvertisedAddress", error.Message);
    }

    [Fact]
    public void Gateway_WithoutRedis_FailsNamingTheSetting()
    {
        var error = Assert.Throws<OptionsValidationException>(() => GatewayApp.Build(["--Cluster:PostgresConnectionString=Host=127.0.0.1"]));
        Assert.Contains("Cluster:RedisConnectionString", error.Message);
    }

    [Fact]
    public async Task Gateway_WithOutOfRangeTokenLifetime_FailsAtStart()
    {
        await using var app = GatewayApp.Build(
        [
            "--Cluster:PostgresConnectionString=Host=127.0.0.1;Port=1", "--Cluster:RedisConnectionString=127.0.0.1:1",
            "--Identity:Tokens:AccessTokenLifetime=00:00:01", "--urls=http://127.0.0.1:0",
        ]);
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());
        Assert.Contains("AccessTokenLifetime", error.Message);
    }
}
