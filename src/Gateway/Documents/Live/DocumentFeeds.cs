using System.Collections.Concurrent;
using Orleans.Streams;
using PowerAutomation.Grains.Abstractions;
using PowerAutomation.Grains.Abstractions.Documents;

namespace PowerAutomation.Gateway.Documents.Live;

/// <summary>
/// One stream subscription per document per gateway, shared by every live connection to that document here.
/// </summary>
public sealed class DocumentFeeds(IClusterClient cluster)
{
    private readonly ConcurrentDictionary<Guid, Feed> _feeds = new();

    public async Task<IAsyncDisposable> SubscribeAsync(Guid documentId, Action<DocumentEvent> listener)
    {
        var feed = _feeds.GetOrAdd(documentId, _ => new Feed());
        await feed.Gate.WaitAsync();
        try
        {
            if (feed.Listeners.Count == 0)
            {
                var stream = cluster.GetStreamProvider(StorageNames.Streams)
                    .GetStream<DocumentEvent>(StreamId.Create(DocumentStreams.Namespace, documentId));
                feed.Handle = await stream.SubscribeAsync((item, _) =>
                {
                    foreach (var each in feed.Snapshot())
                    {
                        each(item);
                    }

                    return Task.CompletedTask;
                });
            }

            feed.Add(listener);
        }
        finally
        {
            feed.Gate.Release();
        }

        return new Subscription(this, documentId, feed, listener);
    }

    private async Task UnsubscribeAsync(Feed feed, Action<DocumentEvent> listener)
    {
        await feed.Gate.WaitAsync();
        try
        {
            feed.Remove(listener);
            if (feed.Listeners.Count == 0 && feed.Handle is { } handle)
            {
                feed.Handle = null;
                await handle.UnsubscribeAsync();
            }
        }
        finally
        {
            feed.Gate.Release();
        }
    }

    private sealed class Feed
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public List<Action<DocumentEvent>> Listeners { get; } = [];

        public StreamSubscriptionHandle<DocumentEvent>? Handle { get; set; }

        public void Add(Action<DocumentEvent> listener)
        {
            lock (Listeners)
            {
                Listeners.Add(listener);
            }
        }

        public void Remove(Action<DocumentEvent> listener)
        {
            lock (Listeners)
            {
                Listeners.Remove(listener);
            }
        }

        public Action<DocumentEvent>[] Snapshot()
        {
            lock (Listeners)
            {
                return [.. Listeners];
            }
        }
    }

    private sealed class Subscription(DocumentFeeds feeds, Guid documentId, Feed feed, Action<DocumentEvent> listener) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => new(feeds.UnsubscribeAsync(feed, listener));

        public override string ToString() => $"feed of {documentId}";
    }
}
