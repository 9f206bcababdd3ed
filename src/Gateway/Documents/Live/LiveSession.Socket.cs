using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json;
using PowerAutomation.Gateway.Errors;
using PowerAutomation.Grains.Abstractions.Documents;

namespace PowerAutomation.Gateway.Documents.Live;

/// <summary>Reading frames off the socket, and closing it.</summary>
public sealed partial class LiveSession
{
    /// <summary>
    /// The next text frame as JSON; frames that are not JSON are answered with an error frame and skipped. Null when
    /// the client closed, or sent a frame over the limit (closed 1009).
    /// </summary>
    private async Task<JsonElement?> ReadFrameAsync(CancellationToken token)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        while (true)
        {
            var received = await socket.ReceiveAsync(buffer.GetMemory(4096), token);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                await CloseAsync((int)WebSocketCloseStatus.NormalClosure, "bye", drain: true);
                return null;
            }

            buffer.Advance(received.Count);
            if (buffer.WrittenCount > options.MaxFrameBytes)
            {
                Enqueue(LiveFrames.Error("frame_too_large", $"Frames have at most {options.MaxFrameBytes} bytes."));
                await CloseAsync((int)WebSocketCloseStatus.MessageTooBig, "frame_too_large", drain: true);
                return null;
            }

            if (!received.EndOfMessage)
            {
                continue;
            }

            try
            {
                using var parsed = JsonDocument.Parse(buffer.WrittenMemory);
                return parsed.RootElement.Clone();
            }
            catch (JsonException)
            {
                Enqueue(LiveFrames.Error(LiveRequests.InvalidFrame, "Frames are JSON objects."));
                buffer.Clear();
            }
        }
    }

    /// <summary>The document's silo is gone or the cluster is unreachable: tell the client, who resumes elsewhere.</summary>
    private async Task CloseAfterFailureAsync(Exception exception)
    {
        if (Closing || _stop.IsCancellationRequested)
        {
            return;
        }

        LogSessionFailed(exception, sessionId);
        Enqueue(LiveFrames.Error("cluster_unavailable", "The document is moving to another server; reconnect and resume."));
        await CloseAsync((int)WebSocketCloseStatus.InternalServerError, "cluster_unavailable", drain: true);
    }

    /// <summary>Tells the client why the session ends (an error frame with <paramref name="code"/>), then closes.</summary>
    /// <summary>Ends the connection because its token is no longer good: the session ended or the user was disabled.</summary>
    public Task EndForTokenAsync(string code) => EndAsync(Unauthorized, code, code == ErrorCodes.AccountDisabled
        ? "An administrator has disabled this account."
        : "This sign-in was ended; sign in again.");

    private async Task EndAsync(int status, string code, string message)
    {
        if (Closing)
        {
            return;
        }

        try
        {
            Enqueue(LiveFrames.Error(code, message));
            await CloseAsync(status, code, drain: true);
        }
        catch (Exception exception)
        {
            LogSessionFailed(exception, sessionId);
        }
    }

    /// <summary>The document answered not found to a session that had joined: it was deleted, or the user's access ended.</summary>
    private async Task LostAccessAsync()
    {
        var deleted = await document.GetRevision() < 0;
        await (deleted
            ? EndAsync(Gone, DocumentDeleted, "The document was deleted.")
            : EndAsync(NotAllowed, DocumentErrors.Forbidden, "You are no longer a member of this document's project."));
    }

    /// <summary>
    /// Closes once: with <paramref name="drain"/>, frames already queued (the error saying why) leave first; without
    /// (too_slow), sending stops at once, which drops a client that is not reading. The read loop then ends on the
    /// client's close reply, or after <see cref="LiveOptions.CloseWait"/> without one.
    /// </summary>
    private async Task CloseAsync(int status, string reason, bool drain)
    {
        if (Interlocked.Exchange(ref _closeStarted, 1) == 1)
        {
            return;
        }

        _queue.Complete();
        if (!drain || await Task.WhenAny(_sending, Task.Delay(options.CloseWait)) != _sending)
        {
            _sendStop?.Cancel();
        }

        await Quietly(_sending);
        try
        {
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                using var timeout = new CancellationTokenSource(options.CloseWait);
                await socket.CloseOutputAsync((WebSocketCloseStatus)status, reason, timeout.Token);
            }
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Already gone.
        }

        _stop.CancelAfter(options.CloseWait);
    }
}
