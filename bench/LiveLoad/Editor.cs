using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace PowerAutomation.LiveLoad;

/// <summary>
/// One editor: inserts a character at the start of the document whenever nothing of its own is in flight, so it
/// only needs to track the document's length at the revision it last saw.
/// </summary>
public sealed class Editor : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();
    private readonly Guid _document;
    private readonly LatencyRecorder _recorder;
    private readonly SemaphoreSlim _send = new(1, 1);
    private readonly object _gate = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _receiving = Task.CompletedTask;
    private int _revision;
    private int _length;
    private long _seq;
    private long _inFlightSince;

    private Editor(Guid document, LatencyRecorder recorder)
    {
        _document = document;
        _recorder = recorder;
    }

    public int Skipped { get; private set; }

    public int Errors { get; private set; }

    public static async Task<Editor> ConnectAsync(Uri gateway, Guid document, string token, LatencyRecorder recorder)
    {
        var editor = new Editor(document, recorder);
        var uri = new UriBuilder(gateway) { Scheme = "ws", Path = $"/api/v1/documents/{document}/live", Query = $"access_token={token}&session={Guid.NewGuid():N}" }.Uri;
        await editor._socket.ConnectAsync(uri, CancellationToken.None);
        editor._receiving = Task.Run(editor.ReceiveAsync);
        await editor._ready.Task.WaitAsync(TimeSpan.FromSeconds(30));
        return editor;
    }

    public async Task EditAsync(double rate, CancellationToken stop)
    {
        var interval = TimeSpan.FromSeconds(1 / rate);
        await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * interval.TotalMilliseconds), CancellationToken.None);
        using var timer = new PeriodicTimer(interval);
        do
        {
            string? frame = null;
            lock (_gate)
            {
                if (_inFlightSince != 0)
                {
                    Skipped++;
                }
                else
                {
                    _inFlightSince = Stopwatch.GetTimestamp();
                    frame = _length == 0
                        ? $"{{\"type\":\"operation\",\"revision\":{_revision},\"operation\":[\"x\"],\"seq\":{++_seq}}}"
                        : $"{{\"type\":\"operation\",\"revision\":{_revision},\"operation\":[\"x\",{_length}],\"seq\":{++_seq}}}";
                }
            }

            if (frame is not null)
            {
                await SendAsync(frame);
            }
        }
        while (await WaitAsync(timer, stop));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stop)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stop);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task SendAsync(string frame)
    {
        await _send.WaitAsync();
        try
        {
            await _socket.SendAsync(Encoding.UTF8.GetBytes(frame), WebSocketMessageType.Text, true, CancellationToken.None);
        }
        finally
        {
            _send.Release();
        }
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[1 << 20];
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                var count = 0;
                ValueWebSocketReceiveResult received;
                do
                {
                    received = await _socket.ReceiveAsync(buffer.AsMemory(count), CancellationToken.None);
                    count += received.Count;
                }
                while (!received.EndOfMessage && received.MessageType != WebSocketMessageType.Close);

                if (received.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                Handle(buffer.AsSpan(0, count));
            }
        }
        catch (WebSocketException)
        {
            // Closed.
        }
    }

    private void Handle(ReadOnlySpan<byte> json)
    {
        var now = Stopwatch.GetTimestamp();
        using var frame = JsonDocument.Parse(json.ToArray());
        var root = frame.RootElement;
        lock (_gate)
        {
            switch (root.GetProperty("type").GetString())
            {
                case "snapshot":
                    _revision = root.GetProperty("revision").GetInt32();
                    _length = root.GetProperty("content").GetString()!.Length;
                    _ready.TrySetResult();
                    break;
                case "ack":
                    _revision = root.GetProperty("revision").GetInt32();
                    _length++;
                    _recorder.Acked(_document, _revision, _inFlightSince, now);
                    _inFlightSince = 0;
                    break;
                case "operation":
                    _revision = root.GetProperty("revision").GetInt32();
                    _length += 1;
                    _recorder.Received(_document, _revision, now);
                    break;
                case "error":
                    Errors++;
                    _inFlightSince = 0;
                    break;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception exception) when (exception is WebSocketException or TimeoutException)
        {
            // Going anyway.
        }

        _socket.Dispose();
    }
}
