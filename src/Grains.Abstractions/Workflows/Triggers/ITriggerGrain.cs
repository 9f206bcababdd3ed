using PowerAutomation.Grains.Abstractions.Documents;

namespace PowerAutomation.Grains.Abstractions.Workflows.Triggers;

/// <summary>
/// One trigger of a workflow (key: trigger id). Each fire starts the workflow's latest version on its owner's licence
/// and <c>workflow_runs</c> quota; fires that start nothing are recorded with the reason.
/// </summary>
[Alias("pa.ITriggerGrain")]
public interface ITriggerGrain : IGrainWithGuidKey
{
    /// <summary>Called by the workflow grain once it has room for the trigger: validates and saves it.</summary>
    [Alias("Create")]
    Task<TriggerCreated> Create(Guid ownerId, Guid workflowId, TriggerSpec spec);

    /// <summary>The trigger for its owner; null for anyone else or a deleted trigger.</summary>
    [Alias("Get")]
    Task<TriggerView?> Get(Guid callerId);

    /// <summary>Stops the trigger for good. Null, or why it was refused (<c>not_found</c>).</summary>
    [Alias("Delete")]
    Task<string?> Delete(Guid callerId);

    /// <summary>
    /// A webhook delivery: checked against the trigger's secret, then a run. Interleaved: deliveries need nothing of
    /// each other (each names its own run), so one busy webhook is not one delivery at a time.
    /// </summary>
    [Alias("Hook"), Orleans.Concurrency.AlwaysInterleave]
    Task<WebhookAnswer> Hook(WebhookDelivery delivery);

    /// <summary>A schedule's reminder tick: starts the run of the latest due occurrence not yet fired, once.</summary>
    [Alias("Tick")]
    Task Tick();

    /// <summary>A debounced change of a document of the trigger's project (from its change feed).</summary>
    [Alias("DocumentChanged")]
    Task DocumentChanged(DocumentChange change);
}

/// <summary>
/// A project's document changes for its <c>document.changed</c> triggers (key: project id). Documents tell it of
/// changes at most about once a second; each subscribed trigger gets at most one change per document per debounce
/// window, read from the document when the window closes, so edits suppressed in between are seen.
/// </summary>
[Alias("pa.IDocumentChangeFeedGrain")]
public interface IDocumentChangeFeedGrain : IGrainWithGuidKey
{
    [Alias("Subscribe")]
    Task Subscribe(Guid triggerId, TimeSpan debounce);

    [Alias("Unsubscribe")]
    Task Unsubscribe(Guid triggerId);

    [Alias("DocumentChanged"), Orleans.Concurrency.OneWay]
    Task DocumentChanged(Guid documentId);
}
