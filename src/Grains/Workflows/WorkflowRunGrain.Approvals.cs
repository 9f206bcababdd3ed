using PowerAutomation.Grains.Abstractions.Workflows;
using PowerAutomation.Grains.Abstractions.Workflows.Approvals;
using PowerAutomation.Grains.Workflows.Engine;

namespace PowerAutomation.Grains.Workflows;

/// <summary>
/// Approvals: decisions by the assignee, and keeping assignees' inboxes in step with the history (an approval is
/// listed while it waits for that address, and nowhere once decided, escalated away or ended).
/// </summary>
public sealed partial class WorkflowRunGrain
{
    public const int MaxCommentLength = 2000;

    /// <summary>Approval steps this activation has put in an inbox, with the address.</summary>
    private readonly Dictionary<string, string> _inboxed = [];

    private bool _inboxesSynced;

    public async Task<string?> DecideApproval(Guid callerId, string callerEmail, string stepId, bool approved, string? comment)
    {
        var step = _state.IsStarted && _state.HasStep(stepId) ? _state.Step(stepId) : null;
        var assignee = step?.Assignee;
        var isAssignee = assignee is not null && string.Equals(assignee, callerEmail, StringComparison.OrdinalIgnoreCase);
        if (!isAssignee && !IsVisibleTo(callerId))
        {
            return WorkflowErrors.NotFound;
        }

        if (_state.IsFinished)
        {
            return WorkflowErrors.RunFinished;
        }

        if (step is not { Status: RunStatuses.Waiting } || step.Definition.Type != StepTypes.Approval)
        {
            return WorkflowErrors.NotAwaitingApproval;
        }

        if (!isAssignee)
        {
            return WorkflowErrors.NotAssignee;
        }

        var trimmed = comment is { Length: > MaxCommentLength } ? comment[..MaxCommentLength] : comment;
        await AppendAsync(_engine.DecideApproval(_state, stepId, assignee!, approved, trimmed, Now));
        await DriveAsync();
        return null;
    }

    /// <summary>Adds waiting approvals to their assignee's inbox and takes everything else out; cheap when nothing changed.</summary>
    private async Task SyncInboxesAsync()
    {
        var waiting = _state.IsFinished ? [] : _state.Steps
            .Where(s => s is { Status: RunStatuses.Waiting, Assignee: not null } && s.Definition.Type == StepTypes.Approval)
            .ToDictionary(s => s.Id, s => s);

        // Once per activation: addresses the history ever gave an approval, which an earlier activation may have listed.
        if (!_inboxesSynced)
        {
            _inboxesSynced = true;
            foreach (var (stepId, address) in EverAssigned().Where(a => !waiting.TryGetValue(a.StepId, out var s) || s.Assignee != a.Address))
            {
                await GrainFactory.GetGrain<IApprovalInboxGrain>(address).Remove(RunId, stepId);
            }
        }

        foreach (var (stepId, address) in _inboxed.ToList())
        {
            if (!waiting.TryGetValue(stepId, out var still) || still.Assignee != address)
            {
                await GrainFactory.GetGrain<IApprovalInboxGrain>(address).Remove(RunId, stepId);
                _inboxed.Remove(stepId);
            }
        }

        foreach (var step in waiting.Values.Where(s => !_inboxed.ContainsKey(s.Id)))
        {
            var message = step.Input?["message"]?.GetValue<string>() ?? "";
            await GrainFactory.GetGrain<IApprovalInboxGrain>(step.Assignee!).Add(new ApprovalRequest(
                RunId, step.Id, _state.WorkflowId, message, step.StartedAt ?? Now, step.WaitUntil, step.Escalated));
            _inboxed[step.Id] = step.Assignee!;
        }
    }

    private List<(string StepId, string Address)> EverAssigned() => [.. _state.ApprovalAssignees];
}
