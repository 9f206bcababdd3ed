using Microsoft.AspNetCore.Builder;
using PowerAutomation.Grains.Abstractions.Documents;
using PowerAutomation.Tests.Infrastructure;

namespace PowerAutomation.Tests.Documents;

/// <summary>A cluster with two gateways, so the agents of a trace are spread over both.</summary>
public sealed class TwoGatewayClusterFixture : ClusterFixture
{
    public Uri SecondGateway { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        WebApplication gateway = await StartGatewayAsync();
        SecondGateway = new Uri(gateway.Urls.First());
    }
}

/// <summary>
/// Replays the real concurrent traces through the live protocol: one WebSocket client per agent, each
/// transaction typed on exactly the state its agent had seen. Clients hold their edits locally and a transaction's
/// edits are sent only when another agent's next transaction has seen them, so what each client has received is
/// precisely the other agents' part of the state the trace says it typed on; edits held meanwhile are transformed
/// by the client against everything that arrives, and edits sent on an old revision are transformed by the server.
/// </summary>
public sealed class ConcurrentTraceReplayTests(TwoGatewayClusterFixture cluster) : IClassFixture<TwoGatewayClusterFixture>
{
    private readonly HttpClient _http = cluster.CreateClient();

    [Theory]
    [MemberData(nameof(ConcurrentTrace.Names), MemberType = typeof(ConcurrentTrace))]
    public async Task ConcurrentTrace_ReplayedByLiveClientsOnTheStatesTheySaw_EndsAtEndContentEverywhere(string name)
    {
        var trace = ConcurrentTrace.Load(name);
        var (token, documentId, _) = await cluster.CreateDocumentAsync(_http, "");
        Uri[] gateways = [cluster.GatewayAddress, cluster.SecondGateway];
        var agents = new LiveClient[trace.Agents];
        for (var agent = 0; agent < agents.Length; agent++)
        {
            agents[agent] = await LiveClient.ConnectAsync(gateways[agent % gateways.Length], documentId, token, holdEdits: true);
        }

        try
        {
            var sent = new int[trace.Agents];
            var concurrentTyping = 0;
            foreach (var transaction in trace.Transactions)
            {
                var typist = agents[transaction.Agent];

                // Send what this transaction saw and nothing more; agents with edits due send them at once.
                var flushes = new List<Task>();
                for (var other = 0; other < trace.Agents; other++)
                {
                    if (other != transaction.Agent && sent[other] < transaction.Seen[other])
                    {
                        flushes.Add(agents[other].FlushAsync(transaction.Seen[other] - sent[other]));
                        sent[other] = transaction.Seen[other];
                    }
                }

                await Task.WhenAll(flushes);
                var head = agents.Max(a => a.Revision);
                await typist.WaitForAsync(a => a.Revision >= head, $"agent {transaction.Agent} to receive revision {head}");
                concurrentTyping += typist.HeldEdits > 0 && flushes.Count > 0 ? 1 : 0;
                await typist.EditAsync(text => Edit(text, transaction.Patches));
            }

            // Everyone sends the rest, together.
            await Task.WhenAll(agents.Where(a => a.HeldEdits > 0).Select(a => a.FlushAsync(a.HeldEdits)));
            var server = await _http.SettledAsync(token, documentId, agents);

            Assert.Equal(trace.EndContent, server.Content);
            Assert.All(agents, agent => Assert.Equal(trace.EndContent, agent.Document));
            Assert.All(agents, agent => Assert.Empty(agent.Errors));
            Assert.True(concurrentTyping > 100, $"only {concurrentTyping} transactions met remote edits while their typist held edits of its own");
        }
        finally
        {
            foreach (var agent in agents)
            {
                await agent.DisposeAsync();
            }
        }
    }

    /// <summary>A transaction's patches, applied in order, as one operation on the text they were typed on.</summary>
    private static TextOperation Edit(string text, IReadOnlyList<(int Position, int Delete, string Insert)> patches)
    {
        TextOperation? edit = null;
        foreach (var (position, delete, insert) in patches)
        {
            var splice = TextOperation.Splice(text.Length, position, delete, insert);
            text = splice.Apply(text);
            edit = edit is null ? splice : TextOperation.Compose(edit, splice);
        }

        return edit!;
    }
}
