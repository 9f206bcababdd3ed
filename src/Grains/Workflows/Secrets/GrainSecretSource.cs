using PowerAutomation.Grains.Abstractions.Workflows.Secrets;

namespace PowerAutomation.Grains.Workflows.Secrets;

/// <summary>The run owner's <see cref="IWorkflowSecretsGrain"/>: a run can only ever use its own owner's secrets.</summary>
public sealed class GrainSecretSource(IGrainFactory grains) : ISecretSource
{
    public Task<RevealedSecrets> RevealAsync(Guid ownerId, IReadOnlyList<string> names) =>
        grains.GetGrain<IWorkflowSecretsGrain>(ownerId).Reveal(names);
}
