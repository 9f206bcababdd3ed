using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PowerAutomation.Grains.Abstractions;
using PowerAutomation.Grains.Abstractions.Workflows.Approvals;
using PowerAutomation.Grains.Email;

namespace PowerAutomation.Grains.Workflows.Approvals;

[GenerateSerializer, Alias("pa.ApprovalInboxState")]
public sealed class ApprovalInboxState
{
    [Id(0)] public List<ApprovalRequest> Waiting { get; set; } = [];
}

/// <summary>
/// One address's waiting approvals. Adding is idempotent per (run, step): runs add what they wait for whenever they
/// are activated, and only an entry new to the inbox is mailed (queued in the outbox before the entry is saved, so a
/// crash in between mails twice rather than never).
/// </summary>
public sealed partial class ApprovalInboxGrain(
    [PersistentState("approval-inbox", StorageNames.Grains)] IPersistentState<ApprovalInboxState> state,
    IMailOutbox outbox,
    IOptions<MailLinkOptions> links,
    ILogger<ApprovalInboxGrain> logger) : Grain, IApprovalInboxGrain
{
    /// <summary>More waiting approvals than anyone reads; beyond it new ones are not listed (their runs still wait).</summary>
    public const int MaxWaiting = 1000;

    private string Address => this.GetPrimaryKeyString();

    public async Task Add(ApprovalRequest request)
    {
        var waiting = state.State.Waiting;
        var index = waiting.FindIndex(r => r.RunId == request.RunId && r.StepId == request.StepId);
        if (index >= 0)
        {
            if (waiting[index] != request)
            {
                waiting[index] = request;
                await state.WriteStateAsync();
            }

            return;
        }

        if (waiting.Count >= MaxWaiting)
        {
            LogInboxFull(Address, request.RunId);
            return;
        }

        await outbox.EnqueueAsync(ApprovalMail.Request(Address, request, links.Value.PublicUrl));
        waiting.Add(request);
        await state.WriteStateAsync();
    }

    public async Task Remove(Guid runId, string stepId)
    {
        if (state.State.Waiting.RemoveAll(r => r.RunId == runId && r.StepId == stepId) > 0)
        {
            await state.WriteStateAsync();
        }
    }

    public Task<IReadOnlyList<ApprovalRequest>> List(int limit) =>
        Task.FromResult<IReadOnlyList<ApprovalRequest>>(state.State.Waiting.OrderByDescending(r => r.RequestedAt).Take(limit).ToList());

    [LoggerMessage(Level = LogLevel.Warning, Message = "The approval inbox of {Address} is full; run {RunId}'s approval is not listed")]
    private partial void LogInboxFull(string address, Guid runId);
}
