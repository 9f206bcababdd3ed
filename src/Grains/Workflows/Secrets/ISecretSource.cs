using PowerAutomation.Grains.Abstractions.Workflows.Secrets;

namespace PowerAutomation.Grains.Workflows.Secrets;

/// <summary>Where a step gets the values of the secrets it names, at the moment it sends them.</summary>
public interface ISecretSource
{
    Task<RevealedSecrets> RevealAsync(Guid ownerId, IReadOnlyList<string> names);
}
