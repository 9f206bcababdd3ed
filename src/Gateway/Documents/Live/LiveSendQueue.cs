using System.Net.WebSockets;
using System.Threading.Channels;

namespace PowerAutomation.Gateway.Documents.Live;

/// <summary>
/// What waits to leave one connection, bounded in bytes and frames: room is reserved before an event is accepted
/// and given back once its frame has been sent, so a client that stops reading costs at most the bound. A frame
/// is always admitted into an empty queue, however large (a snapshot may exceed the bound).
/// </summary>
public sealed class LiveSendQueue(long maxBytes, int maxFrames)
{
    private readonly Channel<byte[]> _frames = Channel.CreateUnbounded<byte[]>(new() { SingleReader = true });
    private readonly SemaphoreSlim _sent = new(0);
    private readonly object _gate = new();
    private long _bytes;
    private int _count;

    /// <summary>Bytes reserved now (queued frames and accepted events not yet framed).</summary>
    public long Bytes
    {
        get
        {
            lock (_gate)
            {
                return _bytes;
            }
        }
    }

    /// <summary>Reserves room for one more item, unless the queue is over its bound.</summary>
    public bool TryReserve(long bytes)
    {
        lock (_gate)
        {
            if (_count > 0 && (_bytes + bytes > maxBytes || _count >= maxFrames))
            {
                return false;
            }

            _bytes += bytes;
            _count++;
            return true;
        }
    }

    /// <summary>Waits up to <paramref name="wait"/> for the client to make room; false when it did not.</summary>
    public async Task<bool> ReserveAsync(long bytes, TimeSpan wait, CancellationToken token)
    {
        var deadline = DateTimeOffset.UtcNow + wait;
        while (!TryReserve(bytes))
        {
            var left = deadline - DateTimeOffset.UtcNow;
            if (left <= TimeSpan.Zero || !await _sent.WaitAsync(left, token))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Changes a reservation's size (an event became its frame) without a new check: it was admitted already.</summary>
    public void Resize(long from, long to)
    {
        lock (_gate)
        {
            _bytes += to - from;
        }
    }

    /// <summary>Gives back a reservation that produced no frame.</summary>
    public void Release(long bytes)
    {
        lock (_gate)
        {
            _bytes -= bytes;
            _count--;
        }

        _sent.Release();
    }

    /// <summary>Queues a frame whose room is reserved; false once the queue is complete (the connection is closing).</summary>
    public bool Write(byte[] frame)
    {
        if (_frames.Writer.TryWrite(frame))
        {
            return true;
        }

        Release(frame.Length);
        return false;
    }

    /// <summary>No more frames; those queued still leave.</summary>
    public void Complete() => _frames.Writer.TryComplete();

    public async Task SendAllAsync(WebSocket socket, CancellationToken token)
    {
        await foreach (var frame in _frames.Reader.ReadAllAsync(token))
        {
            await socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, token);
            Release(frame.Length);
        }
    }
}
