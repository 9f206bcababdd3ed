using System.Net.WebSockets;
using System.Threading.Channels;
using PowerAutomation.Gateway.Errors;
using PowerAutomation.Grains.Abstractions.Documents;
using PowerAutomation.Grains.Abstractions.Projects;

namespace PowerAutomation.Gateway.Documents.Live;

/// <summary>
/// One live connection. Everything the client is sent about operations goes out in revision order without gaps:
/// stream events, and the session's own applied operations, pass through one inbox; a revision beyond the next
/// expected one is preceded by the missing ones read from the history. The client's own operations (same user,
/// same session) come back as acks. What waits for the client is bounded in bytes (<see cref="LiveSendQueue"/>):
/// a client that falls that far behind is closed <c>too_slow</c> and resumes. A credential that may not edit (an API
/// key without <c>documents:write</c>) watches like a viewer: its operations are refused <c>insufficient_scope</c>.
/// </summary>
public sealed partial class LiveSession(
    WebSocket socket,
    IDocumentGrain document,
    Guid userId,
    string sessionId,
    bool credentialMayEdit,
    LiveConnections connections,
    LiveOptions options,
    ILogger logger)
{
    public const int Unauthorized = 4001;
    public const int TooSlow = 4008;
    public const int NotAllowed = 4003;
    public const int Gone = 4004;
    public const int TooMany = 4029;

    /// <summary>The code of the error frame (and close reason) when the document is deleted under a session.</summary>
    public const string DocumentDeleted = "document_deleted";

    private readonly Channel<(DocumentEvent Event, long Bytes)> _inbox = Channel.CreateUnbounded<(DocumentEvent, long)>(new() { SingleReader = true });
    private readonly LiveSendQueue _queue = new(options.SendQueueBytes, options.SendQueueLength);
    private readonly CancellationTokenSource _stop = new();
    private CancellationTokenSource? _sendStop;
    private Task _sending = Task.CompletedTask;
    private int _closeStarted;
    private int _next;
    private string _role = ProjectRoles.Viewer;

    private bool Closing => Volatile.Read(ref _closeStarted) == 1;

    public async Task RunAsync(CancellationToken aborted)
    {
        await using var registration = aborted.Register(_stop.Cancel);
        var token = _stop.Token;
        _sendStop = CancellationTokenSource.CreateLinkedTokenSource(token);
        _sending = _queue.SendAllAsync(socket, _sendStop.Token);
        var processing = Task.CompletedTask;
        try
        {
            var join = await document.Join(userId, sessionId, sessionId);
            if (join is null)
            {
                await CloseAsync(NotAllowed, "not_found", drain: true);
                return;
            }

            _role = join.Role;
            var (first, reading) = await StartAsync(join, token);
            processing = ProcessLoopAsync(token);

            // Acks and remote operations only leave through the processing loop: if it ever fails, the client must
            // not sit on an open socket that says nothing; closing makes it reconnect and resume.
            _ = processing.ContinueWith(
                failed => CloseAfterFailureAsync(failed.Exception!),
                CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default).Unwrap();
            if (first is not null)
            {
                await HandleAsync(first);
            }

            while (!token.IsCancellationRequested && await (reading ?? ReadFrameAsync(token)) is { } next)
            {
                reading = null;
                if (!Closing)
                {
                    await HandleAsync(LiveRequests.Parse(next));
                }
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
            _stop.Cancel();
            _inbox.Writer.TryComplete();
            _queue.Complete();
            await Quietly(document.Leave(userId, sessionId));
            await Task.WhenAll(Quietly(processing), Quietly(_sending));
        }
    }

    /// <summary>A stream event for this document; refused (and the client closed too_slow) when too much is waiting.</summary>
    public void Receive(DocumentEvent documentEvent)
    {
        // The end of the document, or of this user's access, overtakes whatever is still waiting to be sent.
        if (documentEvent.Deleted)
        {
            _ = EndAsync(Gone, DocumentDeleted, "The document was deleted.");
            return;
        }

        if (documentEvent.RevokedUserId is { } revoked)
        {
            if (revoked == userId)
            {
                _ = EndAsync(NotAllowed, DocumentErrors.Forbidden, "You are no longer a member of this document's project.");
            }

            return;
        }

        var bytes = documentEvent.Operation is { } applied ? LiveFrames.OperationBytes(applied).Length : 512;
        if (!_queue.TryReserve(bytes))
        {
            FellBehind();
            return;
        }

        if (!_inbox.Writer.TryWrite((documentEvent, bytes)))
        {
            _queue.Release(bytes);
        }
    }

    private async Task HandleAsync(LiveRequest request)
    {
        switch (request)
        {
            case RefusedRequest refused:
                Enqueue(LiveFrames.Error(refused.Code, refused.Message, refused.Seq));
                break;
            case ResumeRequest:
                // Only meaningful as the first frame; one that comes later was already answered with a snapshot.
                break;
            case OperationRequest operation when !credentialMayEdit:
                Enqueue(LiveFrames.Error(ErrorCodes.InsufficientScope, "This API key lacks the documents:write scope.", operation.Seq));
                break;
            case OperationRequest operation when !ProjectRoles.Allows(_role, ProjectRoles.Editor):
                Enqueue(LiveFrames.Error(DocumentErrors.Forbidden, "Viewers cannot edit this document.", operation.Seq));
                break;
            case OperationRequest operation:
                if (RateAllows(operation.Seq))
                {
                    await SubmitAsync(operation);
                }

                break;
            case PresenceRequest presence:
                if (RateAllows(null))
                {
                    await document.UpdatePresence(new Presence(sessionId, userId, "", presence.Selection, _next - 1));
                }

                break;
        }
    }

    /// <summary>Frames that reach the document count against the user's live rate; over it they are refused, not applied.</summary>
    private bool RateAllows(long? seq)
    {
        if (connections.TryTakeFrame(userId, out var retryAfter))
        {
            return true;
        }

        Enqueue(LiveFrames.Error(ErrorCodes.RateLimited,
            $"At most {options.OperationsPerMinute} live frames a minute; send it again in {Math.Ceiling(retryAfter.TotalSeconds)} s.", seq));
        return false;
    }

    private async Task SubmitAsync(OperationRequest request)
    {
        var result = await document.Submit(new OperationSubmission(userId, request.Revision, request.Operation, sessionId, request.Seq));
        if (result.Applied is { } applied)
        {
            // The ack goes out in revision order with everything else, even if the stream drops the event.
            Receive(new DocumentEvent(applied, null, null));
            return;
        }

        if (result.Error == DocumentErrors.NotFound)
        {
            // Not found for someone who joined: the document was deleted, or their access ended, since.
            await LostAccessAsync();
            return;
        }

        Enqueue(LiveFrames.Error(result.Error!, result.Message ?? result.Error!, request.Seq));
        if (result.Error == DocumentErrors.RevisionTooOld)
        {
            await CloseAsync((int)WebSocketCloseStatus.PolicyViolation, DocumentErrors.RevisionTooOld, drain: true);
        }
    }

    /// <summary>A frame for the client outside the inbox (errors, presence at join, the snapshot).</summary>
    private void Enqueue(object frame)
    {
        var bytes = LiveFrames.Bytes(frame);
        if (!_queue.TryReserve(bytes.Length))
        {
            FellBehind();
            return;
        }

        _queue.Write(bytes);
    }

    private void FellBehind()
    {
        if (!Closing)
        {
            LogTooSlow(sessionId, _queue.Bytes);
            _ = CloseAsync(TooSlow, "too_slow", drain: false);
        }
    }

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

    [LoggerMessage(Level = LogLevel.Information, Message = "Closing live session {SessionId}: it fell too far behind ({Bytes} bytes waiting)")]
    private partial void LogTooSlow(string sessionId, long bytes);
}
