using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PowerAutomation.Grains.Abstractions;
using PowerAutomation.Grains.Abstractions.Projects;
using PowerAutomation.Grains.Abstractions.Workflows;
using PowerAutomation.Grains.Abstractions.Workflows.Triggers;
using PowerAutomation.Grains.Security;

namespace PowerAutomation.Grains.Workflows.Triggers;

/// <summary>
/// One trigger: its spec, the webhook secret (sealed), a schedule's last fired occurrence, and its recent fires.
/// Every fire goes through <see cref="FireAsync"/>, which starts the workflow's latest version on the owner's account
/// under a run id the fire determines, so a fire repeated after a crash reaches the run it started, uncharged.
/// </summary>
public sealed partial class TriggerGrain(
    [PersistentState("trigger", StorageNames.Grains)] IPersistentState<TriggerState> state,
    SecretSealer sealer,
    WorkflowClock clock,
    IOptions<WorkflowOptions> options,
    ILogger<TriggerGrain> logger) : Grain, ITriggerGrain, IRemindable
{
    public const int RecentFires = 20;

    private Guid TriggerId => this.GetPrimaryKey();

    private bool Live => state.State.Spec is not null && !state.State.Deleted;

    public async Task<TriggerCreated> Create(Guid ownerId, Guid workflowId, TriggerSpec spec)
    {
        if (state.State.Spec is not null)
        {
            return new TriggerCreated(null, TriggerErrors.InvalidTrigger, "This trigger id is taken.");
        }

        var (normalized, error) = TriggerSpecRules.Normalize(spec);
        if (normalized is null)
        {
            return new TriggerCreated(null, TriggerErrors.InvalidTrigger, error);
        }

        if (normalized.Type == TriggerTypes.DocumentChanged && await GrainFactory.GetGrain<IProjectGrain>(normalized.ProjectId!.Value).RoleOf(ownerId) is null)
        {
            return new TriggerCreated(null, WorkflowErrors.NotFound, "No such project, or you are not a member of it.");
        }

        string? secret = null;
        state.State.OwnerId = ownerId;
        state.State.WorkflowId = workflowId;
        state.State.Spec = normalized;
        state.State.CreatedAt = clock.Time.GetUtcNow();
        if (normalized.Type == TriggerTypes.Webhook)
        {
            secret = NewSecret();
            state.State.SealedSecret = sealer.Seal(secret, SecretContext);
        }

        await state.WriteStateAsync();
        await StartListeningAsync(normalized);
        LogCreated(TriggerId, normalized.Type, workflowId);
        return new TriggerCreated(View() with { Secret = secret }, null, null);
    }

    public Task<TriggerView?> Get(Guid callerId) =>
        Task.FromResult(Live && state.State.OwnerId == callerId ? View() : null);

    public async Task<string?> Delete(Guid callerId)
    {
        if (!Live || state.State.OwnerId != callerId)
        {
            return WorkflowErrors.NotFound;
        }

        state.State.Deleted = true;
        state.State.SealedSecret = null;
        await state.WriteStateAsync();
        await StopListeningAsync(state.State.Spec!);
        await GrainFactory.GetGrain<IWorkflowGrain>(state.State.WorkflowId).ForgetTrigger(TriggerId);
        LogDeleted(TriggerId);
        return null;
    }

    private Task StartListeningAsync(TriggerSpec spec) => spec.Type switch
    {
        TriggerTypes.Schedule => ArmScheduleAsync(),
        TriggerTypes.DocumentChanged => GrainFactory.GetGrain<IDocumentChangeFeedGrain>(spec.ProjectId!.Value).Subscribe(TriggerId, spec.Debounce!.Value),
        _ => Task.CompletedTask,
    };

    private async Task StopListeningAsync(TriggerSpec spec)
    {
        switch (spec.Type)
        {
            case TriggerTypes.Schedule:
                await DisarmScheduleAsync();
                break;
            case TriggerTypes.DocumentChanged:
                await GrainFactory.GetGrain<IDocumentChangeFeedGrain>(spec.ProjectId!.Value).Unsubscribe(TriggerId);
                break;
        }
    }

    /// <summary>
    /// Starts the run <paramref name="runId"/> of the workflow's latest version with <paramref name="inputJson"/> on the
    /// owner's account and records the fire. A run already started under that id counts as this fire's run.
    /// </summary>
    private async Task<TriggerFire> FireAsync(Guid runId, string inputJson)
    {
        var at = clock.Time.GetUtcNow();
        var ownerId = state.State.OwnerId;
        TriggerFire fire;
        if (await GrainFactory.GetGrain<IWorkflowGrain>(state.State.WorkflowId).Get(ownerId, null) is not { } workflow)
        {
            fire = new TriggerFire(at, null, TriggerErrors.WorkflowGone);
        }
        else
        {
            var started = await ChargedRunStarts.StartAsync(GrainFactory, runId,
                new RunStart(workflow.WorkflowId, workflow.Version, workflow.DefinitionJson, inputJson, ownerId), clock.Time);
            fire = started.Error is null or WorkflowErrors.AlreadyStarted ? new TriggerFire(at, runId, null) : new TriggerFire(at, null, started.Error);
        }

        if (fire.RunId is not null)
        {
            state.State.LastRunId = fire.RunId;
        }
        else
        {
            LogRefused(TriggerId, fire.Error!);
        }

        state.State.Fires.Add(fire);
        TrimFires();
        return fire;
    }

    private TriggerView View()
    {
        var spec = state.State.Spec!;
        DateTimeOffset? next = spec.Type == TriggerTypes.Schedule
            ? ScheduleCalendar.Parse(spec.Cron, spec.Timezone).Calendar?.Next(state.State.LastOccurrence is { } last && last > clock.Time.GetUtcNow() ? last : clock.Time.GetUtcNow())
            : null;
        return new TriggerView(TriggerId, state.State.WorkflowId, spec, state.State.CreatedAt, next, state.State.Fires.ToList(), null);
    }

    private string SecretContext => $"webhook:{TriggerId:N}";

    private static string NewSecret() => "whsec_" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    [LoggerMessage(Level = LogLevel.Information, Message = "Trigger {TriggerId} ({Type}) of workflow {WorkflowId} created")]
    private partial void LogCreated(Guid triggerId, string type, Guid workflowId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Trigger {TriggerId} deleted")]
    private partial void LogDeleted(Guid triggerId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Trigger {TriggerId} fired but started no run: {Error}")]
    private partial void LogRefused(Guid triggerId, string error);
}
