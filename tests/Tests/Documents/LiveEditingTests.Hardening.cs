using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PowerAutomation.Gateway.Documents.Live;
using PowerAutomation.Grains.Abstractions.Documents;
using PowerAutomation.Tests.Infrastructure;

namespace PowerAutomation.Tests.Documents;

/// <summary>What one hostile or clumsy client can do to a live document, and what it no longer can.</summary>
public sealed partial class LiveEditingTests
{
    [Fact]
    public async Task AnotherUsersOperationsUnderMySessionId_AreTheirs_NotMyAcks_AndDoNotSwallowMyNextOperation()
    {
        var (token, documentId, projectId) = await DocumentWithProjectAsync("abc");
        var other = await EditorOfAsync(projectId, token);
        await using var mine = await LiveClient.ConnectAsync(cluster.GatewayAddress, documentId, token);

        // The other editor posts under my session id (visible in the history): seq 1, then a huge seq.
        Assert.Equal(1, await PostAsync(other, documentId, 0, "[\"<\",3]", mine.Session, 1));
        Assert.Equal(2, await PostAsync(other, documentId, 1, "[4,\">\"]", mine.Session, long.MaxValue));
        Assert.Equal(1, await PostAsync(other, documentId, 0, "[\"<\",3]", mine.Session, 1));
        await mine.WaitForAsync(c => c.Revision == 2, "the other editor's operations as operation frames");
        Assert.Empty(mine.Acks);
        Assert.Equal("<abc>", mine.Document);

        // My own seq 1 is applied and acknowledged as mine.
        await mine.EditAsync(text => TextOperation.Splice(text.Length, text.Length, 0, "!"));
        await mine.WaitForAsync(c => c.Synchronized, "my operation's ack");
        Assert.Equal((1L, 3), Assert.Single(mine.Acks));
        var server = await ReadAsync(token, documentId);
        Assert.Equal(("<abc>!", 3), server);
        Assert.Equal(server.Content, mine.Document);
    }

    [Fact]
    public async Task WronglyTypedOrUnstorableFields_GetErrorFrames_AndTheSocketStaysUsable()
    {
        var (token, documentId) = await DocumentAsync("text");
        await using var client = await LiveClient.ConnectAsync(cluster.GatewayAddress, documentId, token);
        string[] frames =
        [
            "{\"type\":\"operation\",\"revision\":\"0\",\"operation\":[4,\"!\"],\"seq\":1}",
            "{\"type\":\"operation\",\"revision\":0,\"operation\":[4,\"!\"],\"seq\":\"1\"}",
            "{\"type\":\"operation\",\"revision\":null,\"operation\":[4,\"!\"],\"seq\":1}",
            "{\"type\":\"presence\",\"selection\":[{\"anchor\":\"a\",\"head\":1}]}",
            "{\"type\":\"operation\",\"revision\":0,\"operation\":[2147483647,1],\"seq\":1}",
            "{\"type\":\"operation\",\"revision\":0,\"operation\":[4,\"\\u0000\"],\"seq\":1}",
            "{\"type\":\"operation\",\"revision\":0,\"operation\":[4,\"\\ud800\"],\"seq\":1}",
            "{\"type\":\"resume\",\"revision\":\"0\"}",
        ];
        foreach (var frame in frames)
        {
            await client.SendRawAsync(frame);
        }

        await client.WaitForAsync(c => c.Errors.Count >= frames.Length, "an error frame for each bad frame");
        Assert.Equal(
            ["invalid_json", "invalid_json", "invalid_frame", "invalid_json", "invalid_operation", "invalid_operation", "invalid_operation", "invalid_json"],
            client.Errors.Select(e => e.GetProperty("code").GetString()!).ToArray());
        Assert.True(client.Connected);

        // Nothing refused was applied or acknowledged: the next operation is seq 1 and is applied.
        await client.EditAsync(text => TextOperation.Splice(text.Length, text.Length, 0, "!"));
        await client.WaitForAsync(c => c.Synchronized, "the good operation's ack");
        Assert.Equal(("text!", 1), await ReadAsync(token, documentId));
        Assert.Equal((1L, 1), Assert.Single(client.Acks));
    }

    [Fact]
    public async Task BadResumeFrame_GetsAnErrorAndASnapshot_AndTheSocketStaysUsable()
    {
        var (token, documentId) = await DocumentAsync("abc");
        var session = Guid.NewGuid().ToString("N");
        await (await LiveClient.ConnectAsync(cluster.GatewayAddress, documentId, token, session)).DisposeAsync();

        await using var resumed = await LiveClient.ConnectAsync(cluster.GatewayAddress, documentId, token, session,
            firstFrame: "{\"type\":\"resume\",\"revision\":\"0\",\"seq\":0}");
        await resumed.WaitForAsync(c => c.Errors.Count > 0, "the bad resume's error frame");
        Assert.Equal("invalid_json", resumed.Errors[0].GetProperty("code").GetString());
        Assert.Equal("abc", resumed.Document);

        await resumed.EditAsync(text => TextOperation.Splice(text.Length, 0, 0, ">"));
        await resumed.WaitForAsync(c => c.Synchronized, "an edit after the bad resume");
        Assert.Equal((">abc", 1), await ReadAsync(token, documentId));
    }

    [Fact]
    public async Task ResumeBeyondTheDocument_GetsAnErrorAndASnapshot()
    {
        var (token, documentId) = await DocumentAsync("abc");
        var session = Guid.NewGuid().ToString("N");
        await (await LiveClient.ConnectAsync(cluster.GatewayAddress, documentId, token, session)).DisposeAsync();

        await using var resumed = await LiveClient.ConnectAsync(cluster.GatewayAddress, documentId, token, session,
            firstFrame: "{\"type\":\"resume\",\"revision\":99,\"seq\":0}");
        await resumed.WaitForAsync(c => c.Errors.Count > 0, "the resume's error frame");
        Assert.Equal(("invalid_frame", "abc", 0), (resumed.Errors[0].GetProperty("code").GetString(), resumed.Document, resumed.Revision));
    }

    [Fact]
    public async Task ReconnectOfAKnownSession_WithoutResume_GetsItsSnapshot()
    {
        var (token, documentId) = await DocumentAsync("abc");
        var session = Guid.NewGuid().ToString("N");
        await (await LiveClient.ConnectAsync(cluster.GatewayAddress, documentId, token, session)).DisposeAsync();

        // ConnectAsync waits for the snapshot; the session is known, so it comes once the resume wait is over.
        await using var again = await LiveClient.ConnectAsync(cluster.GatewayAddress, documentId, token, session);
        Assert.Equal(("abc", 0), (again.Document, again.Revision));
        await again.EditAsync(text => TextOperation.Splice(text.Length, 3, 0, "d"));
        await again.WaitForAsync(c => c.Synchronized, "an edit after the reconnect");
        Assert.Equal(("abcd", 1), await ReadAsync(token, documentId));
    }

    [Fact]
    public async Task ClientThatNeverReads_IsClosedTooSlow_InsteadOfQueueingWithoutBound()
    {
        var (token, documentId) = await DocumentAsync("");
        var user = UserOf(token);
        var connections = cluster.TightGateway.Services.GetRequiredService<LiveConnections>();
        using var silent = new ClientWebSocket();
        await silent.ConnectAsync(LiveClient.Address(cluster.TightGatewayAddress, documentId, token, "silent"), CancellationToken.None);
        await Processes.WaitUntilAsync(() => Task.FromResult(connections.ConnectionsOf(user) == 1), TimeSpan.FromSeconds(10), "the silent client's connection");

        // 512 KiB operations, inserted and deleted again: far more than the socket buffers and a 64 KiB queue hold.
        var big = new string('x', 512 * 1024);
        var revision = 0;
        var sent = 0L;
        while (connections.ConnectionsOf(user) > 0 && sent < 200L * big.Length)
        {
            Assert.Equal(revision + 1, await PostAsync(token, documentId, revision, JsonSerializer.Serialize(new[] { big }), null, null));
            Assert.Equal(revision + 2, await PostAsync(token, documentId, revision + 1, $"[-{big.Length}]", null, null));
            revision += 2;
            sent += big.Length;
        }

        await Processes.WaitUntilAsync(() => Task.FromResult(connections.ConnectionsOf(user) == 0), TimeSpan.FromSeconds(30),
            $"the silent client to be closed too_slow (after {sent} bytes of operations)");
        Assert.True(sent < 200L * big.Length, "The silent client was never closed.");

        // What it finds when it finally reads: buffered frames, then the end of the connection.
        var buffer = new byte[1 << 16];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var ended = false;
        try
        {
            while (!ended)
            {
                ended = (await silent.ReceiveAsync(buffer, timeout.Token)).MessageType == WebSocketMessageType.Close;
            }

            Assert.Equal((WebSocketCloseStatus)LiveSession.TooSlow, silent.CloseStatus);
        }
        catch (WebSocketException)
        {
            // Sending was blocked, so the server dropped the connection rather than close it politely.
        }
    }

    [Fact]
    public async Task LiveConnections_AreCappedPerDocumentAndPerUser_WithTooManyConnections()
    {
        var (token, documentId, projectId) = await DocumentWithProjectAsync("one");
        var second = await CreateDocumentAsync(token, projectId, "two.txt");
        var gateway = cluster.TightGatewayAddress;

        await using var a = await LiveClient.ConnectAsync(gateway, documentId, token);
        await using var b = await LiveClient.ConnectAsync(gateway, documentId, token);
        var perDocument = await RefusedAsync(gateway, documentId, token);
        Assert.Equal((WebSocketCloseStatus)LiveSession.TooMany, perDocument.Status);
        Assert.Contains("\"code\":\"too_many_connections\"", perDocument.Frame);
        Assert.Contains("per document", perDocument.Frame);

        await using var c = await LiveClient.ConnectAsync(gateway, second, token);
        var perUser = await RefusedAsync(gateway, second, token);
        Assert.Equal((WebSocketCloseStatus)LiveSession.TooMany, perUser.Status);
        Assert.Contains("per user", perUser.Frame);

        // Closing one frees its slot.
        await c.DisposeAsync();
        var connections = cluster.TightGateway.Services.GetRequiredService<LiveConnections>();
        await Processes.WaitUntilAsync(() => Task.FromResult(connections.ConnectionsOf(UserOf(token)) == 2), TimeSpan.FromSeconds(10), "the closed slot to be freed");
        await using var d = await LiveClient.ConnectAsync(gateway, second, token);
        Assert.True(d.Connected);
    }

    [Fact]
    public async Task LiveFrames_AreUnderTheUsersRate_AndRefusedOnesAreNotApplied()
    {
        var (token, documentId) = await DocumentAsync("abc");
        await using var client = await LiveClient.ConnectAsync(cluster.TightGatewayAddress, documentId, token);

        // A burst of 3, then one a minute: three presence frames use the burst up.
        for (var i = 0; i < 3; i++)
        {
            await client.SendAsync(new { type = "presence", selection = new[] { new { anchor = i, head = i } } });
        }

        await client.SendAsync(new { type = "operation", revision = 0, operation = new object[] { 3, "d" }, seq = 1 });
        await client.WaitForAsync(c => c.Errors.Count > 0, "the over-rate operation's refusal");
        var refusal = client.Errors.Single();
        Assert.Equal(("rate_limited", 1L), (refusal.GetProperty("code").GetString(), refusal.GetProperty("seq").GetInt64()));
        Assert.Empty(client.Acks);
        Assert.Equal(("abc", 0), await ReadAsync(token, documentId));
        Assert.True(client.Connected);
    }

    private static Guid UserOf(string token) =>
        JsonDocument.Parse(Jwt.Decode(token.Split('.')[1])).RootElement.GetProperty("sub").GetGuid();

    /// <summary>A connection the gateway refuses: its one frame and the close status.</summary>
    private static async Task<(string Frame, WebSocketCloseStatus? Status)> RefusedAsync(Uri gateway, Guid documentId, string token)
    {
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(LiveClient.Address(gateway, documentId, token, Guid.NewGuid().ToString("N")), CancellationToken.None);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var buffer = new byte[1 << 16];
        var frames = new StringBuilder();
        while (true)
        {
            var received = await socket.ReceiveAsync(buffer, timeout.Token);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                return (frames.ToString(), socket.CloseStatus);
            }

            frames.Append(Encoding.UTF8.GetString(buffer, 0, received.Count));
        }
    }

    /// <summary>A second user, an editor of the project.</summary>
    private async Task<string> EditorOfAsync(Guid projectId, string ownerToken)
    {
        var email = ApiClient.NewEmail("editor");
        var (_, editor) = await _http.RegisterAndLoginAsync(email);
        await _http.InviteAndAcceptAsync(ownerToken, projectId, email, "editor", editor.AccessToken);
        return editor.AccessToken;
    }

    private async Task<Guid> CreateDocumentAsync(string token, Guid projectId, string path)
    {
        var response = await _http.SendAuthorizedAsync(HttpMethod.Post, $"/api/v1/projects/{projectId}/documents", token, new { path, content = "" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("documentId").GetGuid();
    }

    /// <summary>Posts an operation over HTTP and returns the revision it became.</summary>
    private async Task<int> PostAsync(string token, Guid documentId, int revision, string operation, string? clientId, long? seq)
    {
        var body = new StringBuilder($"{{\"revision\":{revision},\"operation\":{operation}");
        if (clientId is not null)
        {
            body.Append($",\"clientId\":{JsonSerializer.Serialize(clientId)},\"seq\":{seq}");
        }

        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/documents/{documentId}/operations") { Content = ApiClient.RawJson(body.Append('}').ToString()) };
        request.Headers.Authorization = new("Bearer", token);
        var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("revision").GetInt32();
    }
}
