using PowerAutomation.Grains.Abstractions.Documents;

namespace PowerAutomation.Gateway.Documents.Live;

/// <summary>Turning document events into frames, in revision order, filling gaps from the history.</summary>
public sealed partial class LiveSession
{
    /// <summary>History read per call when filling a gap; small, since each operation may be up to a frame's size.</summary>
    private const int HistoryPage = 100;

    private async Task ProcessLoopAsync(CancellationToken token)
    {
        while (await WaitForEventAsync(token) is var (item, reserved) && item is not null)
        {
            byte[]? frame = null;
            if (item.Operation is { } applied)
            {
                if (applied.Revision >= _next && await FillAsync(applied.Revision, token) && applied.Revision == _next)
                {
                    frame = FrameFor(applied);
                    _next = applied.Revision + 1;
                }
            }
            else if (item.Presence is { } presence && !IsMine(presence.ClientId, presence.UserId))
            {
                frame = LiveFrames.Bytes(LiveFrames.Presence(presence));
            }
            else if (item.LeftClientId is { } left && !IsMine(left, item.LeftUserId))
            {
                frame = LiveFrames.Bytes(LiveFrames.Left(left, item.LeftUserId));
            }

            if (frame is null)
            {
                _queue.Release(reserved);
                continue;
            }

            _queue.Resize(reserved, frame.Length);
            _queue.Write(frame);
        }
    }

    /// <summary>
    /// The next event; while none comes, the history is checked now and then, because the stream may have lost
    /// events (a silo died with them in flight) and nothing else would reveal the gap.
    /// </summary>
    private async Task<(DocumentEvent? Event, long Bytes)> WaitForEventAsync(CancellationToken token)
    {
        while (true)
        {
            using var quiet = CancellationTokenSource.CreateLinkedTokenSource(token);
            quiet.CancelAfter(options.GapCheckInterval);
            try
            {
                return await _inbox.Reader.WaitToReadAsync(quiet.Token) && _inbox.Reader.TryRead(out var item) ? item : (null, 0);
            }
            catch (OperationCanceledException) when (!token.IsCancellationRequested)
            {
                // Best effort: while the document's silo is being replaced this fails, and the next quiet spell retries.
                await Quietly(CatchUpAsync(token));
            }
        }
    }

    private async Task CatchUpAsync(CancellationToken token)
    {
        var revision = await document.GetRevision();
        if (revision < 0)
        {
            // The deletion notice was lost with a silo; the quiet check is the backstop.
            await EndAsync(Gone, DocumentDeleted, "The document was deleted.");
            return;
        }

        await FillAsync(revision + 1, token);
    }

    /// <summary>
    /// Sends, from the history, every operation before <paramref name="until"/> not yet sent, waiting for the client
    /// to make room; false when it does not in time (it is closed too_slow) or the connection is closing.
    /// </summary>
    private async Task<bool> FillAsync(int until, CancellationToken token)
    {
        while (_next < until && !token.IsCancellationRequested)
        {
            var page = await document.GetOperations(userId, _next - 1, Math.Min(HistoryPage, until - _next));
            if (page.Error == DocumentErrors.NotFound)
            {
                _ = LostAccessAsync();
                return false;
            }

            if (page.Value is not { Count: > 0 } operations)
            {
                return true;
            }

            var before = _next;
            foreach (var operation in operations.Where(o => o.Revision == _next && o.Revision < until))
            {
                var frame = FrameFor(operation);
                if (!await _queue.ReserveAsync(frame.Length, options.SlowClientWait, token))
                {
                    FellBehind();
                    return false;
                }

                _queue.Write(frame);
                _next = operation.Revision + 1;
            }

            if (_next == before)
            {
                return true;
            }
        }

        return !token.IsCancellationRequested;
    }

    /// <summary>The frame for the next revision: an ack for this session's own operation, else the operation.</summary>
    private byte[] FrameFor(AppliedOperation applied) =>
        IsMine(applied.SessionId, applied.AuthorId) && applied.Seq is { } seq
            ? LiveFrames.Bytes(LiveFrames.Ack(seq, applied.Revision))
            : LiveFrames.OperationBytes(applied);

    /// <summary>A session id is the client's choice: it is this connection's only together with this user.</summary>
    private bool IsMine(string? clientId, Guid? authorId) => clientId == sessionId && authorId == userId;
}
