using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PowerAutomation.Grains.Workflows;
using PowerAutomation.Tests.Infrastructure;

namespace PowerAutomation.Tests.Workflows;

/// <summary>
/// The shared cluster with workflow time on a <see cref="FakeTimeProvider"/> (delays, retry backoff and step timeouts
/// move only when a test advances it), <c>http.request</c> allowed to reach the loopback fake target, and a fake target.
/// </summary>
public sealed class WorkflowsFixture : ClusterFixture
{
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public FakeHttpTarget Target { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        Target = await FakeHttpTarget.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Target.DisposeAsync();
    }

    protected override string[] SiloArguments() =>
    [
        "--Workflows:Http:AllowedHosts:0=127.0.0.1",
        "--Workflows:Http:AllowPrivateNetworks=true",
    ];

    protected override void ConfigureSiloServices(IServiceCollection services) => services.AddSingleton(new WorkflowClock(Clock));
}

[CollectionDefinition(Name)]
public sealed class WorkflowsCollection : ICollectionFixture<WorkflowsFixture>
{
    public const string Name = "workflows";
}
