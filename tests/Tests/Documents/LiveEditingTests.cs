using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using PowerAutomation.Grains.Abstractions.Documents;
using PowerAutomation.Tests.Infrastructure;

namespace PowerAutomation.Tests.Documents;

/// <summary>
/// A second gateway on the shared cluster, with a small frame limit for the oversize test, and a tight one with small
/// send queues, socket caps and frame rate for the bounds tests.
/// </summary>
public sealed class LiveClusterFixture : ClusterFixture
{
    public Uri SecondGateway { get; private set; } = null!;

    public WebApplication TightGateway { get; private set; } = null!;

    public Uri TightGatewayAddress => new(TightGateway.Urls.First());

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        WebApplication gateway = await StartGatewayAsync("--Live:MaxFrameBytes=4096");
        SecondGateway = new Uri(gateway.Urls.First());
        TightGateway = await StartGatewayAsync(
            "--Live:SendQueueBytes=65536", "--Live:MaxSocketsPerUser=3", "--Live:MaxSocketsPerDocument=2",
            "--Live:OperationsPerMinute=1", "--Live:OperationBurst=3", "--Live:CloseWait=00:00:01");
    }
}

public sealed partial class LiveEditingTests(LiveClusterFixture cluster) : IClassFixture<LiveClusterFixture>
{
    private readonly HttpClient _http = cluster.CreateClient();

    [Fact]
    public async Task TwoLiveClientsOnTwoGateways_AndAnHttpClient_ConvergeOnTheServersText()
    {
        var (token, documentId) = await DocumentAsync("hello world");
        await using var first = await LiveClient.ConnectAsync(cluster.GatewayAddress, documentId, token);
        await using var second = await LiveClient.ConnectAsync(cluster.SecondGateway, documentId, token);

        var random = new Random(7);
        for (var round = 0; round < 40; round++)
        {
            await first.EditAsync(text => RandomEdit(text, random, 'a'));
            await second.EditAsync(text => RandomEdit(text, random, 'B'));
            if (round % 8 == 0)
            {
                // An HTTP client edits too, based on whatever revision it last read.
                var current = await ReadAsync(token, documentId);
                var response = await _http.SendAuthorizedAsync(HttpMethod.Post, $"/api/v1/documents/{documentId}/operations", token, new
                {
                    revision = current.Revision,
                    operation = JsonDocument.Parse(TextOperation.Splice(current.Content.Length, 0, 0, "H").ToString()).RootElement,
                });
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }

            await Task.Delay(random.Next(0, 5));
        }

        var server = await SettledAsync(token, documentId, first, second);
        Assert.Equal(server.Content, first.Document);
        Assert.Equal(server.Content, second.Document);
        Assert.Empty(first.Errors);
        Assert.Empty(second.Errors);
    }

    [Fact]
    public async Task ManyClientsWithRandomDisconnects_ConvergeAndEveryAcknowledgedOperationIsAppliedOnce()
    {
        var (token, documentId) = await DocumentAsync("");
        var random = new Random(11);
        var gateways = new[] { cluster.GatewayAddress, cluster.SecondGateway };
        var clients = new List<LiveClient>();
        for (var i = 0; i < 6; i++)
        {
            clients.Add(await LiveClient.ConnectAsync(gateways[i % 2], documentId, token));
        }

        try
        {
            for (var round = 0; round < 30; round++)
            {
                foreach (var (client, index) in clients.Select((c, i) => (c, i)))
                {
                    await client.EditAsync(text => RandomEdit(text, random, (char)('a' + index)));
                }

                if (round % 5 == 2)
                {
                    await clients[random.Next(clients.Count)].ReconnectAsync();
                }

                await Task.Delay(random.Next(0, 4));
            }

            var server = await SettledAsync(token, documentId, [.. clients]);
            Assert.All(clients, c => Assert.Equal(server.Content, c.Document));

            // Every (session, seq) in the history exactly once, and every ack names the revision that holds it.
            var history = await HistoryAsync(token, documentId);
            Assert.Equal(server.Revision, history.Count);
            foreach (var client in clients)
            {
                var applied = history.Where(h => h.ClientId == client.Session).Select(h => h.Revision).ToList();
                Assert.Equal(applied.Count, applied.Distinct().Count());
                Assert.All(client.Acks, ack => Assert.Contains(ack.Revision, applied));
            }
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Viewer_ReceivesEditsButItsOperationsAreRefused()
    {
        var (token, documentId, projectId) = await DocumentWithProjectAsync("shared");
        var viewerEmail = ApiClient.NewEmail("viewer");
        var (_, viewer) = await _http.RegisterAndLoginAsync(viewerEmail);
        await _http.InviteAndAcceptAsync(token, projectId, viewerEmail, "viewer", viewer.AccessToken);

        await using var editor = await LiveClient.ConnectAsync(cluster.GatewayAddress, documentId, token);
        await using var watcher = await LiveClient.ConnectAsync(cluster.SecondGateway, documentId, viewer.AccessToken);
        await editor.EditAsync(text => TextOperation.Splice(text.Length, text.Length, 0, "!"));
        await watcher.WaitForAsync(c => c.Document == "shared!", "the viewer to see the edit");

        await watcher.SendAsync(new { type = "operation", revision = watcher.Revision, operation = new object[] { 7, "?" }, seq = 1 });
        await watcher.WaitForAsync(c => c.Errors.Count > 0, "the viewer's refusal");
        Assert.Equal("forbidden", watcher.Errors[0].GetProperty("code").GetString());
        Assert.Equal("shared!", (await ReadAsync(token, documentId)).Content);
    }

    [Fact]
    public async Task Resume_AfterALostConnection_AcknowledgesTheResentOperationOnce()
    {
        var (token, documentId) = await DocumentAsync("abc");
        var session = Guid.NewGuid().ToString("N");
        var client = await LiveClient.ConnectAsync(cluster.GatewayAddress, documentId, token, session);
        await client.SendAsync(new { type = "operation", revision = 0, operation = new object[] { 3, "d" }, seq = 1 });
        await Processes.WaitUntilAsync(async () => (await ReadAsync(token, documentId)).Revision == 1, TimeSpan.FromSeconds(10), "the operation to be applied");
        client.Abort();
        await client.DisposeAsync();

        // Meanwhile someone else edits; the resumed client must get that edit and its own ack, in order.
        await _http.SendAuthorizedAsync(HttpMethod.Post, $"/api/v1/documents/{documentId}/operations", token,
            new { revision = 1, operation = JsonDocument.Parse("[\"<\",4]").RootElement });

        // The client had applied its own edit locally and was waiting for the ack when the line dropped.
        await using var resumed = await LiveClient.ConnectAsync(cluster.SecondGateway, documentId, token, session, resume: (0, 1, "abcd"));
        await resumed.SendAsync(new { type = "operation", revision = 0, operation = new object[] { 3, "d" }, seq = 1 });

        var server = await ReadAsync(token, documentId);
        Assert.Equal("<abcd", server.Content);
        Assert.Equal(2, server.Revision);
        await resumed.WaitForAsync(c => c.Revision == 2, "the resumed client to catch up");
        Assert.Equal("<abcd", resumed.Document);
        Assert.Empty(resumed.Errors);
    }

    [Fact]
    public async Task Presence_IsBroadcast_MovedByLaterEditsForJoiners_AndLeavingIsAnnounced()
    {
        var (token, documentId) = await DocumentAsync("0123456789");
        await using var watcher = await LiveClient.ConnectAsync(cluster.GatewayAddress, documentId, token);
        var mover = await LiveClient.ConnectAsync(cluster.SecondGateway, documentId, token);

        await mover.SendAsync(new { type = "presence", selection = new[] { new { anchor = 5, head = 7 } } });
        await watcher.WaitForAsync(c => Selection(c, mover.Session) == (5, 7), "the mover's selection");

        // An insert before the selection moves it: someone joining later sees where it is now.
        await watcher.EditAsync(text => TextOperation.Splice(text.Length, 0, 0, "abc"));
        await watcher.WaitForAsync(c => c.Synchronized, "the watcher's edit to be acknowledged");
        await using var joiner = await LiveClient.ConnectAsync(cluster.GatewayAddress, documentId, token);
        await joiner.WaitForAsync(c => Selection(c, mover.Session) == (8, 10), "the moved selection in the joiner's presence list");

        await mover.DisposeAsync();
        await watcher.WaitForAsync(c => c.Presences.Any(p => p.GetProperty("clientId").GetString() == mover.Session && p.TryGetProperty("left", out _)),
            "the leave notice");
    }

    private static (int, int)? Selection(LiveClient client, string session)
    {
        lock (client.Presences)
        {
            var last = client.Presences.LastOrDefault(p => p.GetProperty("clientId").GetString() == session
                && p.TryGetProperty("selection", out var s) && s.GetArrayLength() == 1);
            return last.ValueKind == JsonValueKind.Undefined
                ? null
                : (last.GetProperty("selection")[0].GetProperty("anchor").GetInt32(), last.GetProperty("selection")[0].GetProperty("head").GetInt32());
        }
    }

    [Fact]
    public async Task BadFrames_GetErrorFrames_OversizeFramesCloseTheConnection()
    {
        var (token, documentId) = await DocumentAsync("text");
        await using var client = await LiveClient.ConnectAsync(cluster.SecondGateway, documentId, token);

        await client.SendRawAsync("not json");
        await client.SendAsync(new { type = "dance" });
        await client.SendAsync(new { type = "operation", revision = 0, operation = new object[] { 99 }, seq = 1 });
        await client.WaitForAsync(c => c.Errors.Count >= 3, "three error frames");
        Assert.Equal(["invalid_frame", "invalid_frame", "invalid_operation"], client.Errors.Take(3).Select(e => e.GetProperty("code").GetString()!).ToArray());

        await client.SendRawAsync("{\"type\":\"presence\",\"pad\":\"" + new string('x', 10_000) + "\"}");
        await client.WaitForAsync(c => c.CloseStatus is not null, "the connection to close");
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, client.CloseStatus);
        Assert.Equal("text", (await ReadAsync(token, documentId)).Content);
    }

    [Fact]
    public async Task Connect_ToUnknownDocumentOrWithoutToken_IsRefusedBeforeTheUpgrade()
    {
        var (token, _) = await DocumentAsync("x");
        using var unknown = new ClientWebSocket();
        var error = await Assert.ThrowsAnyAsync<WebSocketException>(() => unknown.ConnectAsync(
            new Uri($"ws://{cluster.GatewayAddress.Authority}/api/v1/documents/{Guid.NewGuid()}/live?access_token={token}&session=s"), CancellationToken.None));
        Assert.Contains("404", error.Message);

        using var anonymous = new ClientWebSocket();
        error = await Assert.ThrowsAnyAsync<WebSocketException>(() => anonymous.ConnectAsync(
            new Uri($"ws://{cluster.GatewayAddress.Authority}/api/v1/documents/{Guid.NewGuid()}/live?session=s"), CancellationToken.None));
        Assert.Contains("401", error.Message);
    }

    private static TextOperation RandomEdit(string text, Random random, char letter)
    {
        if (text.Length > 0 && random.Next(3) == 0)
        {
            return TextOperation.Splice(text.Length, random.Next(text.Length), 1, "");
        }

        return TextOperation.Splice(text.Length, random.Next(text.Length + 1), 0, letter.ToString());
    }

    private Task<(string Content, int Revision)> SettledAsync(string token, Guid documentId, params LiveClient[] clients) =>
        _http.SettledAsync(token, documentId, clients);

    private async Task<List<(int Revision, string? ClientId)>> HistoryAsync(string token, Guid documentId)
    {
        var items = new List<(int, string?)>();
        while (true)
        {
            var page = await (await _http.SendAuthorizedAsync(HttpMethod.Get, $"/api/v1/documents/{documentId}/operations?from={items.Count}&limit=1000", token))
                .Content.ReadFromJsonAsync<JsonElement>();
            if (page.GetArrayLength() == 0)
            {
                return items;
            }

            items.AddRange(page.EnumerateArray().Select(o => (o.GetProperty("revision").GetInt32(), o.TryGetProperty("clientId", out var c) ? c.GetString() : null)));
        }
    }

    private Task<(string Content, int Revision)> ReadAsync(string token, Guid documentId) => _http.ReadDocumentAsync(token, documentId);

    private async Task<(string Token, Guid DocumentId)> DocumentAsync(string content)
    {
        var (token, documentId, _) = await cluster.CreateDocumentAsync(_http, content);
        return (token, documentId);
    }

    private Task<(string Token, Guid DocumentId, Guid ProjectId)> DocumentWithProjectAsync(string content) =>
        cluster.CreateDocumentAsync(_http, content);
}
