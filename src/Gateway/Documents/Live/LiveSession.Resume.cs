using System.Text.Json;
using PowerAutomation.Grains.Abstractions.Documents;

namespace PowerAutomation.Gateway.Documents.Live;

/// <summary>The start of a connection: a snapshot, or for a known session that resumes, what it missed.</summary>
public sealed partial class LiveSession
{
    /// <summary>
    /// Sends the snapshot or the missed operations, and the presence of others. A known session gets
    /// <see cref="LiveOptions.ResumeWait"/> to send its resume frame; the read is never cancelled for that (a
    /// cancelled WebSocket read aborts the socket), so a read still under way is handed back to the caller, and a
    /// first frame that is not a resume is handed back to be handled after the snapshot.
    /// </summary>
    private async Task<(LiveRequest? First, Task<JsonElement?>? Reading)> StartAsync(LiveJoin join, CancellationToken token)
    {
        var current = join.Content.Revision;
        LiveRequest? first = null;
        Task<JsonElement?>? reading = null;
        if (join.SessionKnown)
        {
            reading = ReadFrameAsync(token);
            if (await Task.WhenAny(reading, Task.Delay(options.ResumeWait, token)) == reading)
            {
                first = await reading is { } frame ? LiveRequests.Parse(frame) : null;
                reading = null;
            }
        }

        if (first is ResumeRequest resume && resume.Revision <= current)
        {
            // A reconnect: the operations after what the client has (its own as acks) instead of a snapshot.
            _next = resume.Revision + 1;
            await FillAsync(current + 1, token);
            first = null;
        }
        else
        {
            Enqueue(LiveFrames.Snapshot(current, join.Content.Content, sessionId));
            _next = current + 1;
            if (first is ResumeRequest ahead)
            {
                first = new RefusedRequest(LiveRequests.InvalidFrame,
                    $"Cannot resume from revision {ahead.Revision}: the document is at {current}; the snapshot above replaces it.");
            }
        }

        foreach (var presence in join.Present)
        {
            Enqueue(LiveFrames.Presence(presence));
        }

        return (first, reading);
    }
}
