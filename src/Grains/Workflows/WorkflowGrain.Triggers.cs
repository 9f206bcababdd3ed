using PowerAutomation.Grains.Abstractions.Workflows;
using PowerAutomation.Grains.Abstractions.Workflows.Triggers;

namespace PowerAutomation.Grains.Workflows;

/// <summary>The workflow's list of triggers: the trigger grains hold what each does; this holds which exist.</summary>
public sealed partial class WorkflowGrain
{
    public const int MaxTriggers = 20;

    public async Task<TriggerCreated> AddTrigger(Guid callerId, TriggerSpec spec)
    {
        if (state.State.Versions.Count == 0 || state.State.OwnerId != callerId)
        {
            return new TriggerCreated(null, WorkflowErrors.NotFound, "No such workflow, or it is not yours.");
        }

        if (state.State.TriggerIds.Count >= MaxTriggers)
        {
            return new TriggerCreated(null, TriggerErrors.TooManyTriggers, $"A workflow has at most {MaxTriggers} triggers; delete one first.");
        }

        var triggerId = Guid.NewGuid();
        var created = await GrainFactory.GetGrain<ITriggerGrain>(triggerId).Create(callerId, WorkflowId, spec);
        if (created.Trigger is null)
        {
            return created;
        }

        // Listed once it exists: a failed write leaves a trigger that fires but is not listed until deleted by id,
        // so the write is retried by the caller's error rather than hidden.
        state.State.TriggerIds.Add(triggerId);
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State.TriggerIds.Remove(triggerId);
            await GrainFactory.GetGrain<ITriggerGrain>(triggerId).Delete(callerId);
            throw;
        }

        return created;
    }

    public async Task<IReadOnlyList<TriggerView>?> ListTriggers(Guid callerId)
    {
        if (state.State.Versions.Count == 0 || state.State.OwnerId != callerId)
        {
            return null;
        }

        var views = await Task.WhenAll(state.State.TriggerIds.Select(id => GrainFactory.GetGrain<ITriggerGrain>(id).Get(callerId)));
        return views.OfType<TriggerView>().ToList();
    }

    public async Task ForgetTrigger(Guid triggerId)
    {
        if (state.State.TriggerIds.Remove(triggerId))
        {
            await state.WriteStateAsync();
        }
    }
}
