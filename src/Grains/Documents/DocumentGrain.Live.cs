using Microsoft.Extensions.Logging;
using Orleans.Streams;
using PowerAutomation.Grains.Abstractions;
using PowerAutomation.Grains.Abstractions.Documents;
using PowerAutomation.Grains.Abstractions.Identity;

namespace PowerAutomation.Grains.Documents;

/// <summary>
/// Live editing: who is connected and where their selections are, and fan-out of every durable operation to the
/// gateways through an Orleans stream. The stream is best effort; gateways fill gaps from the history.
/// </summary>
public sealed partial class DocumentGrain
{
    // Keyed by user as well: a session id is the client's choice, so two users may name the same one.
    private readonly Dictionary<(Guid UserId, string ClientId), Presence> _present = [];
    private readonly HashSet<(Guid UserId, string SessionId)> _joinedSessions = [];

    private IAsyncStream<DocumentEvent> Stream =>
        this.GetStreamProvider(StorageNames.Streams).GetStream<DocumentEvent>(StreamId.Create(DocumentStreams.Namespace, DocumentId));

    public async Task<LiveJoin?> Join(Guid userId, string clientId, string sessionId)
    {
        if (await AccessOf(userId) is not { } access)
        {
            return null;
        }

        var profile = await GrainFactory.GetGrain<IUserGrain>(userId).GetProfile();
        await DurableAsync();
        if (!Exists)
        {
            return null;
        }

        var known = _joinedSessions.Contains((userId, sessionId)) || _lastSeq.ContainsKey((userId, sessionId));
        _joinedSessions.Add((userId, sessionId));
        var others = _present.Values.Where(p => p.ClientId != clientId || p.UserId != userId).ToList();
        var presence = new Presence(clientId, userId, profile?.DisplayName ?? "", [], _revision);
        _present[(userId, clientId)] = presence;
        await PublishAsync([new DocumentEvent(null, presence, null)]);
        return new LiveJoin(access.Role, Content(access.Path, _text.ToString(), _revision), others, known);
    }

    public async Task UpdatePresence(Presence presence)
    {
        if (!_present.TryGetValue((presence.UserId, presence.ClientId), out var stored))
        {
            return;
        }

        var selection = presence.Selection;
        foreach (var operation in _window.Where(o => o.Revision > presence.Revision))
        {
            selection = Move(selection, operation.Operation);
        }

        var length = _text.Length;
        var current = presence with
        {
            UserId = stored.UserId,
            DisplayName = stored.DisplayName,
            Selection = selection.Select(r => new SelectionRange(Math.Clamp(r.Anchor, 0, length), Math.Clamp(r.Head, 0, length))).ToList(),
            Revision = _revision,
        };
        _present[(presence.UserId, presence.ClientId)] = current;
        await PublishAsync([new DocumentEvent(null, current, null)]);
    }

    public async Task Leave(Guid userId, string clientId)
    {
        if (_present.Remove((userId, clientId)))
        {
            await PublishAsync([new DocumentEvent(null, null, clientId, userId)]);
        }
    }

    /// <summary>Keeps stored selections in step with each applied operation.</summary>
    private void MovePresence(TextOperation operation)
    {
        foreach (var (key, presence) in _present.ToList())
        {
            _present[key] = presence with { Selection = Move(presence.Selection, operation), Revision = _revision };
        }
    }

    private static IReadOnlyList<SelectionRange> Move(IReadOnlyList<SelectionRange> selection, TextOperation operation) =>
        selection.Select(r => new SelectionRange(
            operation.TransformIndex(Math.Min(r.Anchor, operation.BaseLength)),
            operation.TransformIndex(Math.Min(r.Head, operation.BaseLength)))).ToList();

    private async Task PublishAsync(IList<DocumentEvent> events)
    {
        try
        {
            foreach (var documentEvent in events)
            {
                await Stream.OnNextAsync(documentEvent);
            }
        }
        catch (Exception exception)
        {
            // Fan-out is best effort: subscribers detect the gap by revision and read the history.
            LogPublishFailed(exception, DocumentId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing events of document {DocumentId} failed")]
    private partial void LogPublishFailed(Exception exception, Guid documentId);
}
