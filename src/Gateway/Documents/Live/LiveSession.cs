using System.Net.WebSockets;
using System.Text.Json;
using System.Threading.Channels;
using PowerAutomation.Grains.Abstractions.Documents;
using PowerAutomation.Grains.Abstractions.Projects;

namespace PowerAutomation.Gateway.Documents.Live;

/// <summary>
/// One live connection. Everything the client is sent about operations goes out in revision order without gaps:
/// stream events, and the session's own applied operations, pass through one inbox; a revision beyond the next
/// expected one is preceded by the missing ones read from the history. The client's own operations come back as
/// acks. Frames leave through a bounded queue: a client that falls that far behind is closed and resumes.
/// </summary>
public sealed partial class LiveSession(
    WebSocket socket,
    IDocumentGrain document,
    Guid userId,
    string sessionId,
    LiveOptions options,
    ILogger logger)
{
    public const int TooSlow = 4008;
    public const int NotAllowed = 4003;

    private readonly Channel<DocumentEvent> _inbox = Channel.CreateUnbounded<DocumentEvent>(new() { SingleReader = true });
    private readonly Channel<object> _outbox = Channel.CreateBounded<object>(new BoundedChannelOptions(options.SendQueueLength) { SingleReader = true });
    private readonly CancellationTokenSource _closing = new();
    private int _next;
    private string _role = ProjectRoles.Viewer;

    public void Receive(DocumentEvent documentEvent) => _inbox.Writer.TryWrite(documentEvent);

    public async Task RunAsync(CancellationToken aborted)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(aborted, _closing.Token);
        var token = linked.Token;
        var join = await document.Join(userId, sessionId, sessionId);
        if (join is null)
        {
            await CloseAsync(NotAllowed, "not_found");
            return;
        }

        _role = join.Role;
        var sending = SendLoopAsync(token);
        var first = join.SessionKnown ? await ReadFrameAsync(token, options.ResumeWait) : null;
        if (first is { } resume && Text(resume, "type") == "resume" && resume.TryGetProperty("revision", out var r) && r.TryGetInt32(out var revision)
            && revision >= 0 && revision <= join.Content.Revision)
        {
            // A reconnect: the operations after what the client has (its own as acks) instead of a snapshot.
            _next = revision + 1;
            await FillAsync(join.Content.Revision + 1, token);
            first = null;
        }
        else
        {
            Enqueue(LiveFrames.Snapshot(join.Content.Revision, join.Content.Content, sessionId));
            _next = join.Content.Revision + 1;
        }

        foreach (var presence in join.Present)
        {
            Enqueue(LiveFrames.Presence(presence));
        }

        var processing = ProcessLoopAsync(token);

        // Acks and remote operations only leave through the processing loop: if it ever fails, the client must
        // not sit on an open socket that says nothing; closing makes it reconnect and resume.
        _ = processing.ContinueWith(
            failed => CloseAfterFailureAsync(failed.Exception!),
            CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default).Unwrap();
        try
        {
            if (first is { } frame)
            {
                await HandleAsync(frame, token);
            }

            while (!token.IsCancellationRequested && await ReadFrameAsync(token, Timeout.InfiniteTimeSpan) is { } next)
            {
                await HandleAsync(next, token);
            }
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException)
        {
            // The client went away or was closed; leaving is all that is left.
        }
        catch (Exception exception)
        {
            await CloseAfterFailureAsync(exception);
        }
        finally
        {
            _closing.Cancel();
            _inbox.Writer.TryComplete();
            _outbox.Writer.TryComplete();
            await Quietly(document.Leave(sessionId));
            await Task.WhenAll(Quietly(processing), Quietly(sending));
        }
    }

    private async Task HandleAsync(JsonElement frame, CancellationToken token)
    {
        switch (Text(frame, "type"))
        {
            case "operation":
                await SubmitAsync(frame);
                break;
            case "presence":
                await document.UpdatePresence(new Presence(sessionId, userId, "", Selection(frame), _next - 1));
                break;
            default:
                Enqueue(LiveFrames.Error("invalid_frame", "Frames are operation or presence (resume only as the first frame)."));
                break;
        }
    }

    private async Task SubmitAsync(JsonElement frame)
    {
        if (!ProjectRoles.Allows(_role, ProjectRoles.Editor))
        {
            Enqueue(LiveFrames.Error("forbidden", "Viewers cannot edit this document."));
            return;
        }

        if (!frame.TryGetProperty("revision", out var r) || !r.TryGetInt32(out var revision) || revision < 0
            || !frame.TryGetProperty("seq", out var s) || !s.TryGetInt64(out var seq) || seq < 1
            || !frame.TryGetProperty("operation", out var json))
        {
            Enqueue(LiveFrames.Error("invalid_frame", "An operation frame has revision, operation and seq (from 1)."));
            return;
        }

        TextOperation operation;
        try
        {
            operation = OperationJson.Read(json);
        }
        catch (OperationException exception)
        {
            Enqueue(LiveFrames.Error(DocumentErrors.InvalidOperation, exception.Message));
            return;
        }

        var result = await document.Submit(new OperationSubmission(userId, revision, operation, sessionId, seq));
        if (result.Applied is { } applied)
        {
            // The ack goes out in revision order with everything else, even if the stream drops the event.
            _inbox.Writer.TryWrite(new DocumentEvent(applied, null, null));
            return;
        }

        Enqueue(LiveFrames.Error(result.Error!, result.Message ?? result.Error!));
        if (result.Error == DocumentErrors.RevisionTooOld)
        {
            await CloseAsync(WebSocketCloseStatus.PolicyViolation, DocumentErrors.RevisionTooOld);
        }
    }

    private async Task ProcessLoopAsync(CancellationToken token)
    {
        while (await WaitForEventAsync(token) is { } item)
        {
            if (item.Operation is { } applied)
            {
                if (applied.Revision >= _next)
                {
                    await FillAsync(applied.Revision, token);
                    Deliver(applied);
                }
            }
            else if (item.Presence is { } presence && presence.ClientId != sessionId)
            {
                Enqueue(LiveFrames.Presence(presence));
            }
            else if (item.LeftClientId is { } left && left != sessionId)
            {
                Enqueue(LiveFrames.Left(left));
            }
        }
    }

    /// <summary>
    /// The next event; while none comes, the history is checked now and then, because the stream may have lost
    /// events (a silo died with them in flight) and nothing else would reveal the gap.
    /// </summary>
    private async Task<DocumentEvent?> WaitForEventAsync(CancellationToken token)
    {
        while (true)
        {
            using var quiet = CancellationTokenSource.CreateLinkedTokenSource(token);
            quiet.CancelAfter(options.GapCheckInterval);
            try
            {
                return await _inbox.Reader.WaitToReadAsync(quiet.Token) && _inbox.Reader.TryRead(out var item) ? item : null;
            }
            catch (OperationCanceledException) when (!token.IsCancellationRequested)
            {
                // Best effort: while the document's silo is being replaced this fails, and the next quiet spell retries.
                await Quietly(CatchUpAsync(token));
            }
        }
    }

    private async Task CatchUpAsync(CancellationToken token) => await FillAsync(await document.GetRevision() + 1, token);

    /// <summary>Sends, from the history, every operation before <paramref name="until"/> not yet sent.</summary>
    private async Task FillAsync(int until, CancellationToken token)
    {
        while (_next < until && !token.IsCancellationRequested)
        {
            var page = await document.GetOperations(userId, _next - 1, Math.Min(500, until - _next));
            if (page.Value is not { Count: > 0 } operations)
            {
                return;
            }

            foreach (var operation in operations.Where(o => o.Revision < until))
            {
                Deliver(operation);
            }
        }
    }

    private void Deliver(AppliedOperation applied)
    {
        if (applied.Revision != _next)
        {
            return;
        }

        Enqueue(applied.SessionId == sessionId && applied.Seq is { } seq ? LiveFrames.Ack(seq, applied.Revision) : LiveFrames.OperationBytes(applied));
        _next = applied.Revision + 1;
    }

    private void Enqueue(object frame)
    {
        if (!_outbox.Writer.TryWrite(frame) && !_closing.IsCancellationRequested)
        {
            LogTooSlow(sessionId);
            _ = CloseAsync((WebSocketCloseStatus)TooSlow, "too_slow");
        }
    }

    private async Task SendLoopAsync(CancellationToken token)
    {
        await foreach (var frame in _outbox.Reader.ReadAllAsync(token))
        {
            var bytes = frame as byte[] ?? JsonSerializer.SerializeToUtf8Bytes(frame, LiveFrames.Json);
            await socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, token);
        }
    }

    /// <summary>The next text frame as JSON; null when the client closed or the wait ran out.</summary>
    private async Task<JsonElement?> ReadFrameAsync(CancellationToken token, TimeSpan wait)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(token);
        if (wait != Timeout.InfiniteTimeSpan)
        {
            timeout.CancelAfter(wait);
        }

        var buffer = new System.Buffers.ArrayBufferWriter<byte>(4096);
        while (true)
        {
            ValueWebSocketReceiveResult received;
            try
            {
                received = await socket.ReceiveAsync(buffer.GetMemory(4096), timeout.Token);
            }
            catch (OperationCanceledException) when (!token.IsCancellationRequested)
            {
                return null;
            }

            if (received.MessageType == WebSocketMessageType.Close)
            {
                await CloseAsync(WebSocketCloseStatus.NormalClosure, "bye");
                return null;
            }

            buffer.Advance(received.Count);
            if (buffer.WrittenCount > options.MaxFrameBytes)
            {
                Enqueue(LiveFrames.Error("frame_too_large", $"Frames have at most {options.MaxFrameBytes} bytes."));
                await CloseAsync(WebSocketCloseStatus.MessageTooBig, "frame_too_large");
                return null;
            }

            if (received.EndOfMessage)
            {
                try
                {
                    using var parsed = JsonDocument.Parse(buffer.WrittenMemory);
                    if (parsed.RootElement.ValueKind == JsonValueKind.Object)
                    {
                        return parsed.RootElement.Clone();
                    }
                }
                catch (JsonException)
                {
                    // Reported below, like any other frame that is not a JSON object.
                }

                Enqueue(LiveFrames.Error("invalid_frame", "Frames are JSON objects."));
                buffer.Clear();
            }
        }
    }

    /// <summary>The document's silo is gone or the cluster is unreachable: tell the client, who resumes elsewhere.</summary>
    private async Task CloseAfterFailureAsync(Exception exception)
    {
        if (_closing.IsCancellationRequested)
        {
            return;
        }

        LogSessionFailed(exception, sessionId);
        Enqueue(LiveFrames.Error("cluster_unavailable", "The document is moving to another server; reconnect and resume."));
        await CloseAsync(WebSocketCloseStatus.InternalServerError, "cluster_unavailable");
    }

    private async Task CloseAsync(WebSocketCloseStatus status, string reason)
    {
        _closing.Cancel();
        try
        {
            // Give queued frames (an error saying why) a moment to leave first.
            await Task.Delay(50);
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await socket.CloseOutputAsync(status, reason, CancellationToken.None);
            }
        }
        catch (WebSocketException)
        {
            // Already gone.
        }
    }

    private Task CloseAsync(int status, string reason) => CloseAsync((WebSocketCloseStatus)status, reason);

    private static IReadOnlyList<SelectionRange> Selection(JsonElement frame) =>
        frame.TryGetProperty("selection", out var selection) && selection.ValueKind == JsonValueKind.Array
            ? selection.EnumerateArray()
                .Where(r => r.ValueKind == JsonValueKind.Object)
                .Select(r => new SelectionRange(Int(r, "anchor"), Int(r, "head")))
                .Take(100)
                .ToList()
            : [];

    private static int Int(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.TryGetInt32(out var number) ? Math.Max(0, number) : 0;

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static async Task Quietly(Task task)
    {
        try
        {
            await task;
        }
        catch (Exception)
        {
            // Shutting down, or a best-effort step failed; the session's state is unaffected.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Live session {SessionId} failed")]
    private partial void LogSessionFailed(Exception exception, string sessionId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Closing live session {SessionId}: it fell too far behind")]
    private partial void LogTooSlow(string sessionId);
}
