using PowerAutomation.Tests.Documents;
using PowerAutomation.Tests.Infrastructure;
using Xunit.Abstractions;

namespace PowerAutomation.Tests.Clients;

/// <summary>
/// The TypeScript client library's own tests (<c>clients/typescript/test</c>), one file per fact, run with node against
/// this collection's cluster: unit tests of the OT and the protocol state machine, and the library driving the
/// real gateway (sign-in and refresh, documents, live editing, the concurrent editing traces, OpenAPI drift).
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class TypeScriptClientTests(ClusterFixture cluster, ITestOutputHelper output)
{
    [Fact]
    public Task TextOperation_MatchesTheServersAlgebra() => RunAsync("ot.test.ts", TimeSpan.FromMinutes(2));

    [Fact]
    public Task OtClient_StateMachineConverges() => RunAsync("ot-client.test.ts", TimeSpan.FromMinutes(2));

    [Fact]
    public Task Selections_MoveThroughOperations() => RunAsync("selection.test.ts", TimeSpan.FromMinutes(2));

    [Fact]
    public Task ConcurrentTraces_ReplayedInMemory_EndAtEndContent() => RunAsync("trace-memory.test.ts", TimeSpan.FromMinutes(2));

    [Fact]
    public Task ClientUnits_ErrorsStreamsAndTokens() => RunAsync("client-units.test.ts", TimeSpan.FromMinutes(2));

    [Fact]
    public Task LiveProtocol_EdgeCasesOnAScriptedSocket() => RunAsync("live-protocol.test.ts", TimeSpan.FromMinutes(2));

    [Fact]
    public Task Api_AgainstTheGateway() => RunAsync("api.test.ts", TimeSpan.FromMinutes(4));

    [Fact]
    public Task LiveDocuments_AgainstTheGateway() => RunAsync("live.test.ts", TimeSpan.FromMinutes(4));

    [Fact]
    public Task ConcurrentTraces_ReplayedByLibraryClients() => RunAsync("traces.test.ts", TimeSpan.FromMinutes(8));

    [Fact]
    public Task GeneratedOpenApiTypes_MatchTheGateway() => RunAsync("openapi-drift.test.ts", TimeSpan.FromMinutes(3));

    private const string Package = "clients/typescript";

    private async Task RunAsync(string file, TimeSpan timeout)
    {
        var environment = new Dictionary<string, string>
        {
            ["PA_BASE_URL"] = cluster.GatewayAddress.ToString().TrimEnd('/'),
            ["PA_TRACES_DIR"] = EditingTraces.Directory(),
            ["PA_MAIL_URL"] = (await cluster.Mail.StartHttpViewAsync()).ToString().TrimEnd('/'),
            ["NO_COLOR"] = "1",
        };
        var outcome = await NodeTests.RunTestFileAsync(Package, file, environment, timeout);
        output.WriteLine(outcome.Output);
        NodeTests.AssertPassed(outcome, Package, file, timeout);
    }
}
