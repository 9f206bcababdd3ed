using Microsoft.Extensions.Logging;
using PowerAutomation.Grains.Abstractions;
using PowerAutomation.Grains.Abstractions.Documents;
using PowerAutomation.Grains.Abstractions.Workflows.Triggers;

namespace PowerAutomation.Grains.Workflows.Triggers;

[GenerateSerializer, Alias("pa.DocumentChangeFeedState")]
public sealed class DocumentChangeFeedState
{
    /// <summary>The project's <c>document.changed</c> triggers and each one's debounce window.</summary>
    [Id(0)] public Dictionary<Guid, TimeSpan> Subscriptions { get; set; } = [];
}

/// <summary>
/// A project's change feed. A document's first notice opens a window of each trigger's debounce; when it closes the
/// document is read (so edits whose notices were suppressed count) and the trigger gets the change once for that
/// revision. A notice that arrived in the window's last moments opens a follow-up window, because the document may
/// have suppressed the notice of an edit after it. Open windows live in memory: a silo lost mid-window loses that fire.
/// </summary>
public sealed partial class DocumentChangeFeedGrain(
    [PersistentState("change-feed", StorageNames.Grains)] IPersistentState<DocumentChangeFeedState> state,
    WorkflowClock clock,
    ILogger<DocumentChangeFeedGrain> logger) : Grain, IDocumentChangeFeedGrain
{
    /// <summary>How often documents may send notices (the search debounce's half, 1 s by default) with room to spare.</summary>
    private static readonly TimeSpan NoticeGap = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan CheckPeriod = TimeSpan.FromSeconds(1);

    private readonly Dictionary<(Guid Trigger, Guid Document), Window> _windows = [];
    private readonly Dictionary<(Guid Trigger, Guid Document), int> _firedRevision = [];
    private IGrainTimer? _timer;

    private Guid ProjectId => this.GetPrimaryKey();

    public async Task Subscribe(Guid triggerId, TimeSpan debounce)
    {
        state.State.Subscriptions[triggerId] = debounce;
        await state.WriteStateAsync();
    }

    public async Task Unsubscribe(Guid triggerId)
    {
        if (state.State.Subscriptions.Remove(triggerId))
        {
            await state.WriteStateAsync();
        }

        foreach (var key in _windows.Keys.Where(k => k.Trigger == triggerId).ToList())
        {
            _windows.Remove(key);
        }
    }

    public Task DocumentChanged(Guid documentId)
    {
        var now = clock.Time.GetUtcNow();
        foreach (var (triggerId, debounce) in state.State.Subscriptions)
        {
            var key = (triggerId, documentId);
            _windows[key] = _windows.TryGetValue(key, out var open) ? open with { LastNotice = now } : new Window(now + debounce, now);
        }

        if (_windows.Count > 0)
        {
            _timer ??= this.RegisterGrainTimer(CloseDueWindowsAsync, new GrainTimerCreationOptions(CheckPeriod, CheckPeriod));
        }

        return Task.CompletedTask;
    }

    private async Task CloseDueWindowsAsync(CancellationToken cancellationToken)
    {
        var now = clock.Time.GetUtcNow();
        foreach (var group in _windows.Where(w => w.Value.Due <= now).GroupBy(w => w.Key.Document).ToList())
        {
            DocumentChange? change;
            try
            {
                change = await GrainFactory.GetGrain<IDocumentGrain>(group.Key).GetChange();
            }
            catch (Exception exception)
            {
                LogReadFailed(exception, group.Key, ProjectId);
                continue; // The windows stay due: the next check tries again.
            }

            foreach (var (key, window) in group)
            {
                var fresh = change is not null && (!_firedRevision.TryGetValue(key, out var fired) || fired != change.Revision);
                if (fresh && state.State.Subscriptions.ContainsKey(key.Trigger))
                {
                    _firedRevision[key] = change!.Revision;
                    GrainFactory.GetGrain<ITriggerGrain>(key.Trigger).DocumentChanged(change).Ignore();
                }

                if (change is not null && window.LastNotice > window.Due - NoticeGap && state.State.Subscriptions.TryGetValue(key.Trigger, out var debounce))
                {
                    _windows[key] = new Window(now + debounce, DateTimeOffset.MinValue);
                }
                else
                {
                    _windows.Remove(key);
                }
            }
        }

        if (_windows.Count == 0)
        {
            _timer?.Dispose();
            _timer = null;
        }
    }

    private sealed record Window(DateTimeOffset Due, DateTimeOffset LastNotice);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading document {DocumentId} of project {ProjectId} for its change triggers failed; retrying")]
    private partial void LogReadFailed(Exception exception, Guid documentId, Guid projectId);
}
