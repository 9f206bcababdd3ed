using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PowerAutomation.Ai.Protocols;
using PowerAutomation.Grains.Workflows;
using PowerAutomation.Tests.Ai;
using PowerAutomation.Tests.Infrastructure;

namespace PowerAutomation.Tests.Workflows;

/// <summary>
/// The shared cluster with workflow time on a <see cref="FakeTimeProvider"/> (delays, retry backoff and step timeouts
/// move only when a test advances it), <c>http.request</c> allowed to reach the loopback fake target, and a fake target.
/// </summary>
public class WorkflowsFixture : ClusterFixture
{
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public FakeHttpTarget Target { get; private set; } = null!;

    /// <summary>An OpenAI-compatible upstream serving model <c>wf-model</c> to the silo's router (for <c>ai.chat</c> steps).</summary>
    public FakeProvider Model { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        Target = await FakeHttpTarget.StartAsync();
        Model = await FakeProvider.StartAsync("wf-ai", AiProtocol.OpenAi);
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Target.DisposeAsync();
        await Model.DisposeAsync();
    }

    protected override string[] SiloArguments() =>
    [
        "--Workflows:Http:AllowedHosts:0=127.0.0.1",
        "--Workflows:Http:AllowPrivateNetworks=true",
        $"--Ai:Providers:0:Name={Model.Name}",
        $"--Ai:Providers:0:Kind={Model.Kind}",
        $"--Ai:Providers:0:BaseUrl={Model.BaseUrl}",
        "--Ai:Providers:0:ApiKey=upstream-secret",
        "--Ai:Providers:0:Models:0=wf-model",
        "--Ai:Routing:ProbeInterval=00:00:00",
    ];

    protected override void ConfigureSiloServices(IServiceCollection services) => services.AddSingleton(new WorkflowClock(Clock));
}

[CollectionDefinition(Name)]
public sealed class WorkflowsCollection : ICollectionFixture<WorkflowsFixture>
{
    public const string Name = "workflows";
}
