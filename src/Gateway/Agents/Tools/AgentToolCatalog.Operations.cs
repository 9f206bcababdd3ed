using PowerAutomation.Gateway.Ai;
using PowerAutomation.Gateway.Health;
using PowerAutomation.Gateway.Identity;

namespace PowerAutomation.Gateway.Agents.Tools;

public sealed partial class AgentToolCatalog
{
    /// <summary>
    /// The operators' tools: what <c>/api/v1/admin/cluster</c> and <c>/api/v1/admin/ai/providers</c> answer, for
    /// administrators with full-access credentials (as those routes require), hidden from everyone else.
    /// </summary>
    private IEnumerable<AgentTool> OperationsTools() =>
    [
        new("cluster_health", ToolGroups.Operations, ApiScopeMetadata.FullAccess,
            "The cluster (administrators): each silo's status and start time, and grain activations by type and in total.",
            Schema("""{"type":"object","additionalProperties":false,"properties":{}}"""),
            async _ => FromApi(await ClusterApi.Get(_cluster)), AdminOnly: true),
        new("provider_health", ToolGroups.Operations, ApiScopeMetadata.FullAccess,
            "The AI providers (administrators): health, circuit, load, latency percentiles, error rate and last error of each.",
            Schema("""{"type":"object","additionalProperties":false,"properties":{}}"""),
            _ => Task.FromResult(FromApi(TypedResults.Ok(AiApi.ProviderStatuses(_router)))), AdminOnly: true),
    ];
}
