using System.Text.Json.Nodes;
using PowerAutomation.Grains.Abstractions.Documents;
using PowerAutomation.Grains.Abstractions.Projects;
using PowerAutomation.Grains.Abstractions.Workflows;
using PowerAutomation.Grains.Abstractions.Workflows.Triggers;

namespace PowerAutomation.Grains.Workflows.Triggers;

/// <summary>
/// <c>document.changed</c>: a debounced change from the project's feed starts a run with
/// <c>{documentId, path, revision, authorId}</c>, once per document revision.
/// </summary>
public sealed partial class TriggerGrain
{
    public async Task DocumentChanged(DocumentChange change)
    {
        if (!Live || state.State.Spec!.Type != TriggerTypes.DocumentChanged || change.ProjectId != state.State.Spec.ProjectId
            || !TriggerSpecRules.Watches(state.State.Spec, change.Path))
        {
            return;
        }

        // A workflow's own edits start nothing: a run that edits the file it watches would otherwise start itself forever.
        if (change.AuthorKind == AuthorKinds.Workflow)
        {
            return;
        }

        var at = clock.Time.GetUtcNow();
        if (await GrainFactory.GetGrain<IProjectGrain>(change.ProjectId).RoleOf(state.State.OwnerId) is null)
        {
            // The owner left the project: its documents are no longer theirs to react to.
            state.State.Fires.Add(new TriggerFire(at, null, TriggerErrors.WorkflowGone));
            TrimFires();
            await state.WriteStateAsync();
            return;
        }

        var runId = IdempotentStarts.Derive($"pa.trigger.document\n{TriggerId:N}\n{change.DocumentId:N}\n{change.Revision}");
        var input = new JsonObject
        {
            ["documentId"] = change.DocumentId.ToString(),
            ["path"] = change.Path,
            ["revision"] = change.Revision,
            ["authorId"] = change.AuthorId.ToString(),
        };
        await FireAsync(runId, input.ToJsonString());
        await state.WriteStateAsync();
    }
}
