using PowerAutomation.Grains.Security;

namespace PowerAutomation.Grains.Workflows.Secrets;

/// <summary>
/// The sealer of workflow secrets: its own keys (<c>Workflows:SecretsKey</c>, not the data key), and each value bound
/// to its owner and name as associated data, so a sealed value moved to another user or name does not open.
/// </summary>
public sealed class WorkflowSecretSealer(SecretSealer sealer)
{
    public string Seal(Guid ownerId, string name, string value) => sealer.Seal(value, Context(ownerId, name));

    /// <exception cref="System.Security.Cryptography.CryptographicException">Altered, moved, or sealed by a key no longer configured.</exception>
    public string Open(Guid ownerId, string name, string sealedValue) => sealer.Open(sealedValue, Context(ownerId, name));

    /// <summary>Whether a stored value was sealed with an older key and should be sealed again.</summary>
    public bool IsStale(string sealedValue) => !sealer.IsCurrent(sealedValue);

    /// <summary>
    /// After a key rotation: a value sealed with an older key, sealed again with the current one. False when the value
    /// is current already; throws like <see cref="Open"/> when no configured key opens it.
    /// </summary>
    public bool TryReseal(Guid ownerId, string name, string sealedValue, out string resealed)
    {
        resealed = sealedValue;
        if (!IsStale(sealedValue))
        {
            return false;
        }

        resealed = Seal(ownerId, name, Open(ownerId, name, sealedValue));
        return true;
    }

    private static string Context(Guid ownerId, string name) => $"workflow-secret:{ownerId:N}:{name}";
}
