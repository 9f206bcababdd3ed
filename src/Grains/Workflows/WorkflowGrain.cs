using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PowerAutomation.Grains.Abstractions;
using PowerAutomation.Grains.Abstractions.Projects;
using PowerAutomation.Grains.Abstractions.Workflows;

namespace PowerAutomation.Grains.Workflows;

/// <summary>
/// A workflow's versions. Saving validates the whole definition first, so a refused definition changes nothing;
/// versions are never edited, so a run started on version n keeps exactly what version n said.
/// </summary>
public sealed partial class WorkflowGrain(
    [PersistentState("workflow", StorageNames.Grains)] IPersistentState<WorkflowState> state,
    IWorkflowIndex index,
    WorkflowClock clock,
    IOptions<WorkflowOptions> options,
    ILogger<WorkflowGrain> logger) : Grain, IWorkflowGrain
{
    public const int MaxVersions = 1000;

    private Guid WorkflowId => this.GetPrimaryKey();

    public async Task<WorkflowSaved> Save(Guid ownerId, string definitionJson)
    {
        if (state.State.Versions.Count > 0 && state.State.OwnerId != ownerId)
        {
            return new WorkflowSaved(WorkflowId, 0, [], WorkflowErrors.NotFound);
        }

        var (definition, errors) = WorkflowDefinitionParser.Parse(definitionJson, new DefinitionLimits(options.Value.MaxDelay, options.Value.MaxValueDepth));
        if (definition is null)
        {
            // A number sent as a string is a JSON mistake, answered as such (API.md), whatever else is wrong.
            return new WorkflowSaved(WorkflowId, 0, errors,
                errors.Any(e => e.Code == WorkflowErrors.InvalidJson) ? WorkflowErrors.InvalidJson : WorkflowErrors.InvalidWorkflow);
        }

        if (state.State.Versions.Count >= MaxVersions)
        {
            return new WorkflowSaved(WorkflowId, 0, [new DefinitionError(null, "", $"A workflow keeps at most {MaxVersions} versions.")],
                WorkflowErrors.InvalidWorkflow);
        }

        state.State.OwnerId = ownerId;
        state.State.Versions.Add(new StoredWorkflowVersion(definition.Name, WorkflowDefinitionJson.Write(definition), clock.Time.GetUtcNow()));
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State.Versions.RemoveAt(state.State.Versions.Count - 1); // Not saved: not there.
            throw;
        }

        // The version is saved whatever happens to the index: a failed index write is logged and the owner's list
        // lags (until the next save, or the repair at silo start for a workflow missing from it), rather than a
        // retried create making a second workflow.
        try
        {
            await WriteIndexAsync();
        }
        catch (Exception exception)
        {
            LogIndexFailed(exception, WorkflowId);
        }

        return new WorkflowSaved(WorkflowId, state.State.Versions.Count, [], null);
    }

    public async Task<WorkflowVersion?> Get(Guid callerId, int? version)
    {
        var versions = state.State.Versions;
        var number = version ?? versions.Count;
        if (versions.Count == 0 || number < 1 || number > versions.Count)
        {
            return null;
        }

        var owner = state.State.OwnerId == callerId;
        if (!owner && !(state.State.SharedWithProject is { } projectId
            && ProjectRoles.Allows(await GrainFactory.GetGrain<IProjectGrain>(projectId).RoleOf(callerId), state.State.SharedRole!)))
        {
            return null;
        }

        return new WorkflowVersion(WorkflowId, number, versions[number - 1].Name, versions[number - 1].DefinitionJson,
            versions[number - 1].CreatedAt, versions.Count)
        {
            Sharing = owner && state.State.SharedWithProject is { } shared ? new WorkflowSharing(shared, state.State.SharedRole!) : null,
            IsOwner = owner,
        };
    }

    public async Task<string?> Share(Guid callerId, Guid? projectId, string? role)
    {
        if (state.State.Versions.Count == 0 || state.State.OwnerId != callerId)
        {
            return WorkflowErrors.NotFound;
        }

        // Only a project the owner belongs to: sharing must not reveal (or reach) someone else's project.
        if (projectId is { } id && await GrainFactory.GetGrain<IProjectGrain>(id).RoleOf(callerId) is null)
        {
            return WorkflowErrors.ProjectNotFound;
        }

        (state.State.SharedWithProject, state.State.SharedRole) = (projectId, projectId is null ? null : role);
        await state.WriteStateAsync();
        return null;
    }

    public Task Reindex() => state.State.Versions.Count == 0 ? Task.CompletedTask : WriteIndexAsync();

    private Task WriteIndexAsync()
    {
        var versions = state.State.Versions;
        return index.UpsertWorkflowAsync(state.State.OwnerId,
            new WorkflowListItem(WorkflowId, versions[^1].Name, versions.Count, versions[0].CreatedAt, versions[^1].CreatedAt));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing the index row of workflow {WorkflowId} failed; its list entry lags")]
    private partial void LogIndexFailed(Exception exception, Guid workflowId);
}
