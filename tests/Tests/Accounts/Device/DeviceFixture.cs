using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PowerAutomation.Grains.Identity.Device;
using PowerAutomation.Tests.Infrastructure;

namespace PowerAutomation.Tests.Accounts.Device;

/// <summary>A cluster whose device authorizations run on a <see cref="FakeTimeProvider"/>: expiry and poll pacing move only when a test says.</summary>
public sealed class DeviceFixture : ClusterFixture
{
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    protected override void ConfigureSiloServices(IServiceCollection services) => services.AddSingleton(new DeviceClock(Clock));
}

[CollectionDefinition(Name)]
public sealed class DeviceCollection : ICollectionFixture<DeviceFixture>
{
    public const string Name = "device";
}
