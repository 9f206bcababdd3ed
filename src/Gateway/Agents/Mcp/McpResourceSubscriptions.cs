using System.Collections.Concurrent;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using PowerAutomation.Gateway.Documents.Live;
using PowerAutomation.Grains.Abstractions.Documents;

namespace PowerAutomation.Gateway.Agents.Mcp;

/// <summary>
/// The documents each MCP session subscribed to, listening read-only on the gateway's shared per-document change
/// feed (<see cref="DocumentFeeds"/>): every applied operation (or the deletion) sends the session
/// <c>notifications/resources/updated</c>; a member removed from the project loses the subscription. A session holds
/// at most <see cref="MaxPerSession"/>; all are let go when it ends.
/// </summary>
public sealed partial class McpResourceSubscriptions(DocumentFeeds feeds, ILogger<McpResourceSubscriptions> logger)
{
    public const int MaxPerSession = 100;

    private readonly ConcurrentDictionary<McpServer, ConcurrentDictionary<Guid, IAsyncDisposable>> _sessions = new();

    public async Task SubscribeAsync(McpServer session, Guid userId, Guid documentId, string uri)
    {
        var subscriptions = _sessions.GetOrAdd(session, _ => new());
        if (subscriptions.ContainsKey(documentId))
        {
            return;
        }

        if (subscriptions.Count >= MaxPerSession)
        {
            throw new McpException($"A session may subscribe to at most {MaxPerSession} documents.");
        }

        var subscription = await feeds.SubscribeAsync(documentId, change =>
        {
            if (change.RevokedUserId == userId)
            {
                _ = UnsubscribeAsync(session, documentId);
            }
            else if (change.Operation is not null || change.Deleted)
            {
                _ = NotifyAsync(session, uri);
            }
        });
        if (!subscriptions.TryAdd(documentId, subscription))
        {
            await subscription.DisposeAsync(); // A concurrent subscribe to the same document won.
        }
    }

    public async Task UnsubscribeAsync(McpServer session, Guid documentId)
    {
        if (_sessions.TryGetValue(session, out var subscriptions) && subscriptions.TryRemove(documentId, out var subscription))
        {
            await subscription.DisposeAsync();
        }
    }

    /// <summary>The session ended: its subscriptions go.</summary>
    public async Task ReleaseAsync(McpServer session)
    {
        if (_sessions.TryRemove(session, out var subscriptions))
        {
            foreach (var subscription in subscriptions.Values)
            {
                await subscription.DisposeAsync();
            }
        }
    }

    private async Task NotifyAsync(McpServer session, string uri)
    {
        try
        {
            await session.SendNotificationAsync(NotificationMethods.ResourceUpdatedNotification, new ResourceUpdatedNotificationParams { Uri = uri },
                McpJsonUtilities.DefaultOptions);
        }
        catch (Exception exception)
        {
            LogNotifyFailed(uri, exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Telling an MCP session that {Uri} changed failed")]
    private partial void LogNotifyFailed(string uri, Exception exception);
}
