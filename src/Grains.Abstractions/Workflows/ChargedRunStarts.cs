using PowerAutomation.Grains.Abstractions.Identity;
using PowerAutomation.Grains.Abstractions.Quotas;

namespace PowerAutomation.Grains.Abstractions.Workflows;

/// <summary>How a charged start ended: <see cref="Error"/> is null when the run started; the quota's answer when it was asked.</summary>
public sealed record ChargedStart(string? Error, QuotaDecision? Decision, string? Edition = null);

/// <summary>
/// Starting a run on its owner's account, wherever the start comes from (a request, a webhook, a schedule, a document
/// change): the owner's edition must include workflow runs, one <c>workflow_runs</c> unit is taken, and the unit is
/// given back when the run does not start (refused, already started, or the call failed), so a start is charged
/// exactly when a run began.
/// </summary>
public static class ChargedRunStarts
{
    public const string NotLicensed = "workflows_not_licensed";

    public static async Task<ChargedStart> StartAsync(IGrainFactory grains, Guid runId, RunStart start, TimeProvider time)
    {
        var entitlements = await grains.GetGrain<IUserGrain>(start.OwnerId).GetEntitlements();
        if (entitlements.Limits.WorkflowRunsPerDay is 0)
        {
            return new ChargedStart(NotLicensed, null, entitlements.Edition);
        }

        var quota = grains.GetGrain<IQuotaGrain>(QuotaKeys.ForUser(start.OwnerId));
        var decision = await quota.Consume(QuotaKinds.WorkflowRuns, 1);
        if (!decision.Allowed)
        {
            return new ChargedStart(WorkflowErrors.QuotaExceeded, decision);
        }

        var consumedAt = time.GetUtcNow();
        string? error;
        try
        {
            error = await grains.GetGrain<IWorkflowRunGrain>(runId).Start(start);
        }
        catch
        {
            await quota.Refund(QuotaKinds.WorkflowRuns, 1, consumedAt);
            throw;
        }

        if (error is not null)
        {
            await quota.Refund(QuotaKinds.WorkflowRuns, 1, consumedAt);
        }

        return new ChargedStart(error, decision);
    }
}
