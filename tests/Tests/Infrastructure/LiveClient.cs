using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using PowerAutomation.Grains.Abstractions.Documents;

namespace PowerAutomation.Tests.Infrastructure;

/// <summary>
/// A real WebSocket client of the live protocol with the ot.js client state machine: at most one operation in
/// flight, later local edits composed into a buffer, and both transformed (as the first argument) against each
/// operation received. A client that holds its edits keeps them local, each one separately, until
/// <see cref="FlushAsync"/> sends a number of them: that is how a trace replay decides exactly what others see.
/// </summary>
public sealed class LiveClient : IAsyncDisposable
{
    private ClientWebSocket _socket = new();
    private readonly object _gate = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _snapshot = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _receiving = Task.CompletedTask;
    private TextOperation? _outstanding;
    private TextOperation? _buffer;
    private readonly List<TextOperation> _held = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private JsonElement? _rebaseOn;

    private LiveClient(string session, bool holdEdits)
    {
        Session = session;
        HoldsEdits = holdEdits;
    }

    /// <summary>Whether local edits stay here until <see cref="FlushAsync"/> sends them.</summary>
    public bool HoldsEdits { get; }

    public int HeldEdits
    {
        get
        {
            lock (_gate)
            {
                return _held.Count;
            }
        }
    }

    private Uri? _address;

    /// <summary>Every operation this client saw acknowledged: (seq, revision).</summary>
    public List<(long Seq, int Revision)> Acks { get; } = [];

    /// <summary>
    /// Reconnects after a lost connection the way API.md asks: resume from the last revision seen, then re-send the
    /// operation in flight with its seq (the server applies it once, whether or not it got there before).
    /// </summary>
    public async Task ReconnectAsync()
    {
        _socket.Abort();
        await _receiving.WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { });
        _socket.Dispose();
        _socket = new ClientWebSocket();
        _stop = new CancellationTokenSource();
        await _socket.ConnectAsync(_address!, CancellationToken.None);
        _receiving = Task.Run(ReceiveLoopAsync);
        object resume;
        object? resend = null;
        lock (_gate)
        {
            resume = new { type = "resume", revision = Revision, seq = Seq };
            if (_outstanding is not null)
            {
                // The operation in flight has been transformed against everything received, so it is based on Revision.
                resend = new { type = "operation", revision = Revision, operation = JsonDocument.Parse(_outstanding.ToString()).RootElement, seq = Seq };
            }
        }

        await SendAsync(resume);
        if (resend is not null)
        {
            await SendAsync(resend);
        }
    }


    public string Session { get; }

    public string Document { get; private set; } = "";

    public int Revision { get; private set; }

    public long Seq { get; private set; }

    public List<JsonElement> Errors { get; } = [];

    /// <summary>Every frame received, in order, for diagnosing a failed test.</summary>
    public List<string> Received { get; } = [];

    /// <summary>The last <paramref name="count"/> frames received, read under the client's lock.</summary>
    public string LastFrames(int count)
    {
        lock (_gate)
        {
            return string.Join(" | ", Received.TakeLast(count));
        }
    }

    public Exception? Failure { get; private set; }

    public List<JsonElement> Presences { get; } = [];

    public WebSocketCloseStatus? CloseStatus => _socket.CloseStatus;

    /// <summary>Whether the connection is up and still being read.</summary>
    public bool Connected => _socket.State == WebSocketState.Open && !_receiving.IsCompleted;

    public bool Synchronized
    {
        get
        {
            lock (_gate)
            {
                return _outstanding is null && _buffer is null && _held.Count == 0;
            }
        }
    }

    /// <summary>The live address of a document for a session.</summary>
    public static Uri Address(Uri gateway, Guid documentId, string token, string session) =>
        new UriBuilder(gateway) { Scheme = "ws", Path = $"/api/v1/documents/{documentId}/live", Query = $"access_token={token}&session={session}" }.Uri;

    /// <summary>
    /// Connects and waits for the snapshot; with <paramref name="resume"/> it resumes instead, and with
    /// <paramref name="firstFrame"/> that raw text goes first and the snapshot is still awaited.
    /// </summary>
    public static async Task<LiveClient> ConnectAsync(Uri gateway, Guid documentId, string token, string? session = null,
        (int Revision, long Seq, string Document)? resume = null, bool holdEdits = false, string? firstFrame = null)
    {
        var client = new LiveClient(session ?? Guid.NewGuid().ToString("N"), holdEdits);
        var ws = Address(gateway, documentId, token, client.Session);
        client._address = ws;
        await client._socket.ConnectAsync(ws, CancellationToken.None);
        client._receiving = Task.Run(client.ReceiveLoopAsync);
        if (firstFrame is not null)
        {
            await client.SendRawAsync(firstFrame);
            await client._snapshot.Task.WaitAsync(TimeSpan.FromSeconds(15));
        }
        else if (resume is { } from)
        {
            client.Revision = from.Revision;
            client.Seq = from.Seq;
            client.Document = from.Document;
            await client.SendAsync(new { type = "resume", revision = from.Revision, seq = from.Seq });
        }
        else
        {
            await client._snapshot.Task.WaitAsync(TimeSpan.FromSeconds(15));
        }

        return client;
    }

    /// <summary>Applies a local edit (made on the current local text) and sends it when nothing is in flight.</summary>
    public Task EditAsync(Func<string, TextOperation> edit)
    {
        object? frame = null;
        lock (_gate)
        {
            var operation = edit(Document);
            Document = operation.Apply(Document);
            if (HoldsEdits)
            {
                _held.Add(operation);
            }
            else if (_outstanding is null)
            {
                _outstanding = operation;
                frame = new { type = "operation", revision = Revision, operation = JsonDocument.Parse(operation.ToString()).RootElement, seq = ++Seq };
            }
            else
            {
                _buffer = _buffer is null ? operation : TextOperation.Compose(_buffer, operation);
            }
        }

        return frame is null ? Task.CompletedTask : SendAsync(frame);
    }

    /// <summary>Sends the first <paramref name="count"/> held edits as one operation and waits for its ack.</summary>
    public async Task FlushAsync(int count)
    {
        object frame;
        lock (_gate)
        {
            if (!HoldsEdits || _outstanding is not null || count < 1 || count > _held.Count)
            {
                throw new InvalidOperationException($"Cannot flush {count} of {_held.Count} held edits now.");
            }

            var operation = _held[0];
            for (var i = 1; i < count; i++)
            {
                operation = TextOperation.Compose(operation, _held[i]);
            }

            _held.RemoveRange(0, count);
            _outstanding = operation;
            frame = new { type = "operation", revision = Revision, operation = JsonDocument.Parse(operation.ToString()).RootElement, seq = ++Seq };
        }

        await SendAsync(frame);
        await WaitForAsync(client => client._outstanding is null, "the flushed edits' ack");
    }

    public Task SendAsync(object frame) => SendRawAsync(JsonSerializer.Serialize(frame));

    public async Task SendRawAsync(string text)
    {
        await _sendLock.WaitAsync();
        try
        {
            await _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Drops the connection without a close handshake, as a lost network would.</summary>
    public void Abort() => _socket.Abort();

    /// <summary>Waits until the condition holds, checking after every frame received (and every 100 ms).</summary>
    public async Task WaitForAsync(Func<LiveClient, bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (condition(this))
                {
                    return;
                }

                changed = _changed.Task;
            }

            if (DateTime.UtcNow > deadline)
            {
                string frames;
                lock (_gate)
                {
                    frames = string.Join(" | ", Received.TakeLast(20));
                }

                throw new TimeoutException($"Timed out waiting for {what}. Client failure: {Failure?.Message}. Last frames: {frames}");
            }

            await Task.WhenAny(changed, Task.Delay(100));
        }
    }

    private void Pulse()
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[1 << 16];
        var message = new MemoryStream();
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                var received = await _socket.ReceiveAsync(buffer, _stop.Token);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                message.Write(buffer, 0, received.Count);
                if (!received.EndOfMessage)
                {
                    continue;
                }

                var frame = JsonDocument.Parse(message.ToArray()).RootElement.Clone();
                lock (_gate)
                {
                    Received.Add(frame.GetRawText());
                }

                message.SetLength(0);
                var reply = Handle(frame);
                if (_rebaseOn is { } snapshot)
                {
                    _rebaseOn = null;
                    reply = await RebaseAsync(snapshot);
                }

                Pulse();
                if (reply is not null)
                {
                    await SendAsync(reply);
                }
            }
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException)
        {
            // Closed.
        }
        catch (Exception exception)
        {
            Failure = exception;
        }
        finally
        {
            Pulse();
        }
    }

    private object? Handle(JsonElement frame)
    {
        lock (_gate)
        {
            switch (frame.GetProperty("type").GetString())
            {
                case "snapshot" when _snapshot.Task.IsCompleted && (_outstanding is not null || _buffer is not null):
                    // A reconnect answered with a snapshot while edits are pending: rebase on the history, as the
                    // TypeScript client does (the receive loop does it before reading on).
                    _rebaseOn = frame;
                    return null;
                case "snapshot":
                    Document = frame.GetProperty("content").GetString()!;
                    Revision = frame.GetProperty("revision").GetInt32();
                    _snapshot.TrySetResult();
                    return null;
                case "ack":
                    Revision = frame.GetProperty("revision").GetInt32();
                    Acks.Add((frame.GetProperty("seq").GetInt64(), Revision));
                    _outstanding = _buffer;
                    _buffer = null;
                    return _outstanding is null
                        ? null
                        : new { type = "operation", revision = Revision, operation = JsonDocument.Parse(_outstanding.ToString()).RootElement, seq = ++Seq };
                case "operation":
                    var revision = frame.GetProperty("revision").GetInt32();
                    if (revision != Revision + 1)
                    {
                        throw new InvalidOperationException($"Gap: expected revision {Revision + 1}, got {revision}.");
                    }

                    var operation = OperationJson.Read(frame.GetProperty("operation"));
                    if (_outstanding is not null)
                    {
                        (_outstanding, operation) = TextOperation.Transform(_outstanding, operation);
                    }

                    if (_buffer is not null)
                    {
                        (_buffer, operation) = TextOperation.Transform(_buffer, operation);
                    }

                    for (var i = 0; i < _held.Count; i++)
                    {
                        (_held[i], operation) = TextOperation.Transform(_held[i], operation);
                    }

                    Document = operation.Apply(Document);
                    Revision = revision;
                    return null;
                case "presence":
                    Presences.Add(frame);
                    return null;
                default:
                    Errors.Add(frame);
                    return null;
            }
        }
    }

    /// <summary>
    /// The operations between the last revision seen and the snapshot, read from the history and taken as if they had
    /// arrived: this session's own one acknowledges the operation in flight, the others are transformed in. If the
    /// result is not the snapshot plus the pending edits, the pending edits are dropped (the TypeScript client's
    /// <c>edits_lost</c>). Answers the next operation to send, if an acknowledgement made one due.
    /// </summary>
    private async Task<object?> RebaseAsync(JsonElement snapshot)
    {
        var content = snapshot.GetProperty("content").GetString()!;
        var target = snapshot.GetProperty("revision").GetInt32();
        var query = System.Web.HttpUtility.ParseQueryString(_address!.Query);
        using var http = new HttpClient { BaseAddress = new UriBuilder(_address) { Scheme = "http", Path = "/", Query = "" }.Uri };
        var items = new List<JsonElement>();
        var from = Revision;
        while (from < target)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"{_address.AbsolutePath[..^"/live".Length]}/operations?from={from}&limit={Math.Min(1000, target - from)}");
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", query["access_token"]);
            using var response = await http.SendAsync(request);
            response.EnsureSuccessStatusCode();
            var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.EnumerateArray()
                .Where(i => i.GetProperty("revision").GetInt32() > from && i.GetProperty("revision").GetInt32() <= target).Select(i => i.Clone()).ToList();
            if (page.Count == 0 || page[0].GetProperty("revision").GetInt32() != from + 1)
            {
                throw new InvalidOperationException($"The history has no revision {from + 1}.");
            }

            items.AddRange(page);
            from = page[^1].GetProperty("revision").GetInt32();
        }

        lock (_gate)
        {
            var acknowledged = false;
            foreach (var item in items)
            {
                if (item.TryGetProperty("clientId", out var client) && client.GetString() == Session && _outstanding is not null)
                {
                    _outstanding = _buffer;
                    _buffer = null;
                    acknowledged = true;
                    continue;
                }

                var operation = OperationJson.Read(item.GetProperty("operation"));
                if (_outstanding is not null)
                {
                    (_outstanding, operation) = TextOperation.Transform(_outstanding, operation);
                }

                if (_buffer is not null)
                {
                    (_buffer, operation) = TextOperation.Transform(_buffer, operation);
                }

                Document = operation.Apply(Document);
            }

            Revision = target;
            var expected = content;
            foreach (var pending in new[] { _outstanding, _buffer })
            {
                expected = pending is null ? expected : pending.Apply(expected);
            }

            if (expected != Document)
            {
                (_outstanding, _buffer, Document, acknowledged) = (null, null, content, false);
            }

            return acknowledged && _outstanding is not null
                ? new { type = "operation", revision = Revision, operation = JsonDocument.Parse(_outstanding.ToString()).RootElement, seq = ++Seq }
                : null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));
            }
            catch (Exception exception) when (exception is WebSocketException or TimeoutException or OperationCanceledException)
            {
                // Already going: the server side may drop the connection while the close handshake is under way.
            }
        }

        _stop.Cancel();
        await _receiving.WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { });
        _socket.Dispose();
    }
}
