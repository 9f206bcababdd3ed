using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PowerAutomation.Grains.Abstractions.Documents;
using PowerAutomation.Tests.Infrastructure;
using Xunit.Abstractions;

namespace PowerAutomation.Tests.Failover;

/// <summary>
/// Live editing across a silo crash: clients on a gateway process edit four documents while one of two silo
/// processes is killed with SIGKILL. Clients cut off reconnect and resume; afterwards every document has one
/// text on the server and in every client, and every acknowledged operation is in its history exactly once.
/// </summary>
public sealed class LiveFailoverTests(ITestOutputHelper output)
{
    [Fact]
    public async Task KillSilo_DuringLiveEditing_LosesNoAcknowledgedOperationAndClientsResume()
    {
        await using var cluster = await ProcessCluster.CreateAsync();
        await cluster.StartSiloAsync("silo-a");
        var victim = await cluster.StartSiloAsync("silo-b");
        await cluster.WaitForActiveSilosAsync(2);
        var http = await cluster.StartGatewayAsync("gateway");

        var (_, owner) = await http.RegisterAndLoginAsync();
        var token = owner.AccessToken;
        var project = await (await http.SendAuthorizedAsync(HttpMethod.Post, "/api/v1/projects", token, new { name = "crash" })).Content.ReadFromJsonAsync<JsonElement>();
        var projectId = project.GetProperty("projectId").GetGuid();
        var documents = new List<Guid>();
        for (var i = 0; i < 4; i++)
        {
            var created = await http.SendAuthorizedAsync(HttpMethod.Post, $"/api/v1/projects/{projectId}/documents", token, new { path = $"doc{i}.txt", content = "" });
            documents.Add((await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("documentId").GetGuid());
        }

        var clients = new List<(Guid Document, LiveClient Client)>();
        foreach (var document in documents)
        {
            clients.Add((document, await LiveClient.ConnectAsync(http.BaseAddress!, document, token)));
            clients.Add((document, await LiveClient.ConnectAsync(http.BaseAddress!, document, token)));
        }

        var random = new Random(5);
        var reconnects = 0;
        async Task EditRoundsAsync(int rounds)
        {
            for (var round = 0; round < rounds; round++)
            {
                foreach (var (_, client) in clients)
                {
                    if (!client.Connected)
                    {
                        try
                        {
                            await client.ReconnectAsync();
                            reconnects++;
                        }
                        catch (Exception exception) when (exception is System.Net.WebSockets.WebSocketException or HttpRequestException)
                        {
                            continue;
                        }
                    }

                    await client.EditAsync(text => TextOperation.Splice(text.Length, random.Next(text.Length + 1), 0, "x"));
                }

                await Task.Delay(50);
            }
        }

        await EditRoundsAsync(10);
        victim.Kill();
        await EditRoundsAsync(60);

        try
        {
            foreach (var document in documents)
            {
                var group = clients.Where(c => c.Document == document).Select(c => c.Client).ToList();
                string content = "";
                int revision = -1;
                var state = "";
                var sinceAsked = System.Diagnostics.Stopwatch.StartNew();
                var asked = false;
                try
                {
                    await Processes.WaitUntilAsync(async () =>
                    {
                        foreach (var client in group.Where(c => !c.Connected))
                        {
                            await client.ReconnectAsync();
                        }

                        state = string.Join("; ", group.Select(c => $"{c.Session}: connected {c.Connected}, synchronized {c.Synchronized}, revision {c.Revision}"
                            + (c.Synchronized ? "" : $", last frames [{c.LastFrames(6)}]")));

                        // Ask the server only once the clients agree among themselves, and at most every 1.5 s: the
                        // free edition allows 60 requests a minute, and a refused read would only look like a delay.
                        if (!group.All(c => c.Synchronized && c.Revision == group[0].Revision) || (asked && sinceAsked.Elapsed < TimeSpan.FromSeconds(1.5)))
                        {
                            return false;
                        }

                        (asked, sinceAsked) = (true, System.Diagnostics.Stopwatch.StartNew());
                        var response = await http.SendAuthorizedAsync(HttpMethod.Get, $"/api/v1/documents/{document}", token);
                        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
                        state += $"; server: {(int)response.StatusCode}";
                        (content, revision) = (body.GetProperty("content").GetString()!, body.GetProperty("revision").GetInt32());
                        state += $" revision {revision}";
                        return group.All(c => c.Synchronized && c.Revision == revision);
                    }, TimeSpan.FromSeconds(60), $"the clients of {document} to settle");
                }
                catch (TimeoutException exception)
                {
                    throw new TimeoutException($"{exception.Message} Last seen: {state}\n{cluster.LogTails()}", exception);
                }

                Assert.All(group, c => Assert.Equal(content, c.Document));
                var historyResponse = await http.SendAuthorizedAsync(HttpMethod.Get, $"/api/v1/documents/{document}/operations?from=0&limit=1000", token);
                var history = await historyResponse.Content.ReadFromJsonAsync<JsonElement>();
                Assert.True(historyResponse.IsSuccessStatusCode, $"history: {(int)historyResponse.StatusCode} {history}");
                Assert.Equal(revision, history.GetArrayLength());
                foreach (var client in group)
                {
                    var mine = history.EnumerateArray().Where(o => o.TryGetProperty("clientId", out var c) && c.GetString() == client.Session)
                        .Select(o => o.GetProperty("revision").GetInt32()).ToHashSet();
                    Assert.All(client.Acks, ack => Assert.Contains(ack.Revision, mine));
                }

                output.WriteLine($"{document}: {revision} revisions, {group.Sum(c => c.Acks.Count)} acknowledged");
            }

            output.WriteLine($"reconnects during the test: {reconnects}");
        }
        finally
        {
            foreach (var (_, client) in clients)
            {
                await client.DisposeAsync();
            }
        }
    }
}
