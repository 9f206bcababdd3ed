namespace PowerAutomation.Grains.Abstractions.Workflows.Triggers;

/// <summary>A trigger as asked for: the fields its <see cref="Type"/> uses, the rest null.</summary>
[GenerateSerializer, Immutable, Alias("pa.TriggerSpec")]
public sealed record TriggerSpec(
    [property: Id(0)] string Type,
    [property: Id(1)] string? Cron = null,
    [property: Id(2)] string? Timezone = null,
    [property: Id(3)] Guid? ProjectId = null,
    [property: Id(4)] string? PathGlob = null,
    [property: Id(5)] TimeSpan? Debounce = null,
    [property: Id(6)] string? Overlap = null,
    [property: Id(7)] bool RequireTimestamp = false);

/// <summary>One fire of a trigger: the run it started, or why none did.</summary>
[GenerateSerializer, Immutable, Alias("pa.TriggerFire")]
public sealed record TriggerFire(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] Guid? RunId,
    [property: Id(2)] string? Error);

/// <summary>A trigger as its owner sees it. The webhook secret is shown once, when the trigger is created.</summary>
[GenerateSerializer, Immutable, Alias("pa.TriggerView")]
public sealed record TriggerView(
    [property: Id(0)] Guid TriggerId,
    [property: Id(1)] Guid WorkflowId,
    [property: Id(2)] TriggerSpec Spec,
    [property: Id(3)] DateTimeOffset CreatedAt,
    [property: Id(4)] DateTimeOffset? NextFireAt,
    [property: Id(5)] IReadOnlyList<TriggerFire> RecentFires,
    [property: Id(6)] string? Secret);

/// <summary>The answer to creating a trigger: the trigger, or a code and a message saying what to fix.</summary>
[GenerateSerializer, Immutable, Alias("pa.TriggerCreated")]
public sealed record TriggerCreated(
    [property: Id(0)] TriggerView? Trigger,
    [property: Id(1)] string? Error,
    [property: Id(2)] string? Message);

/// <summary>A webhook request as received: the raw body (the signed bytes), its signature headers, and headers for the run's input.</summary>
[GenerateSerializer, Immutable, Alias("pa.WebhookDelivery")]
public sealed record WebhookDelivery(
    [property: Id(0)] byte[] Body,
    [property: Id(1)] string? Signature,
    [property: Id(2)] string? Timestamp,
    [property: Id(3)] IReadOnlyDictionary<string, string> Headers);

/// <summary>What a webhook delivery did: the run it started (or had started, for a replay), or why it was refused.</summary>
[GenerateSerializer, Immutable, Alias("pa.WebhookAnswer")]
public sealed record WebhookAnswer(
    [property: Id(0)] Guid? RunId,
    [property: Id(1)] string? Error,
    [property: Id(2)] string? Message = null);
