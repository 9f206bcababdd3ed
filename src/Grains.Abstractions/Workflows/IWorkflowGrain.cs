using PowerAutomation.Grains.Abstractions.Workflows.Triggers;

namespace PowerAutomation.Grains.Abstractions.Workflows;

/// <summary>
/// One workflow (key: workflow id): its owner and every version of its definition. Versions are immutable, so a
/// run keeps the definition it started with whatever is saved later.
/// </summary>
[Alias("pa.IWorkflowGrain")]
public interface IWorkflowGrain : IGrainWithGuidKey
{
    /// <summary>Validates and saves a definition as the next version (1 for a new workflow); owners only.</summary>
    [Alias("Save")]
    Task<WorkflowSaved> Save(Guid ownerId, string definitionJson);

    /// <summary>
    /// A version (the latest when null) for its owner, or for a member of the project it is shared with whose role
    /// allows it; null for anyone else or an unknown version.
    /// </summary>
    [Alias("Get")]
    Task<WorkflowVersion?> Get(Guid callerId, int? version);

    /// <summary>Shares the workflow with a project's members of at least <paramref name="role"/> (null: stops sharing). Owners only.</summary>
    [Alias("Share")]
    Task<string?> Share(Guid callerId, Guid? projectId, string? role);

    /// <summary>Writes the workflow's row of the owner index again (the read-model repair at silo start).</summary>
    [Alias("Reindex")]
    Task Reindex();

    /// <summary>Creates a trigger of this workflow (owners only; at most <c>MaxTriggers</c>).</summary>
    [Alias("AddTrigger")]
    Task<TriggerCreated> AddTrigger(Guid callerId, TriggerSpec spec);

    /// <summary>The workflow's triggers for its owner; null for anyone else.</summary>
    [Alias("ListTriggers")]
    Task<IReadOnlyList<TriggerView>?> ListTriggers(Guid callerId);

    /// <summary>Called by a trigger being deleted: drops it from the workflow's list.</summary>
    [Alias("ForgetTrigger")]
    Task ForgetTrigger(Guid triggerId);
}
