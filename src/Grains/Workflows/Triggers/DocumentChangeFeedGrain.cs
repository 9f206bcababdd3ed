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
/// A project's change feed. A document's notice opens a window of each trigger's debounce (notices inside it change
/// nothing); when it closes the document is read, so every edit made in the window counts, and the trigger gets the
/// change once for that revision. An edit after the close is told by a notice of its own (documents send a trailing
/// notice for edits they held back), which opens the next window. Open windows live in memory: a silo lost
/// mid-window loses that fire.
/// </summary>
public sealed partial class DocumentChangeFeedGrain(
    [PersistentState("change-feed", StorageNames.Grains)] IPersistentState<DocumentChangeFeedState> state,
    WorkflowClock clock,
    ILogger<DocumentChangeFeedGrain> logger) : Grain, IDocumentChangeFeedGrain
{
    private static readonly TimeSpan CheckPeriod = TimeSpan.FromSeconds(1);

    /// <summary>Open windows and when each closes (workflow time).</summary>
    private readonly Dictionary<(Guid Trigger, Guid Document), DateTimeOffset> _windows = [];
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
            _windows.TryAdd((triggerId, documentId), now + debounce); // An open window already covers this change.
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
        foreach (var group in _windows.Where(w => w.Value <= now).GroupBy(w => w.Key.Document).ToList())
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

            foreach (var (key, _) in group)
            {
                _windows.Remove(key);
                var fresh = change is not null && (!_firedRevision.TryGetValue(key, out var fired) || fired != change.Revision);
                if (fresh && state.State.Subscriptions.ContainsKey(key.Trigger))
                {
                    _firedRevision[key] = change!.Revision;
                    GrainFactory.GetGrain<ITriggerGrain>(key.Trigger).DocumentChanged(change).Ignore();
                }
            }
        }

        if (_windows.Count == 0)
        {
            _timer?.Dispose();
            _timer = null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading document {DocumentId} of project {ProjectId} for its change triggers failed; retrying")]
    private partial void LogReadFailed(Exception exception, Guid documentId, Guid projectId);
}
