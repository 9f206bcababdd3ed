using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using PowerAutomation.Grains.Abstractions;
using PowerAutomation.Grains.Abstractions.Workflows.Secrets;

namespace PowerAutomation.Grains.Workflows.Secrets;

/// <summary>
/// One user's workflow secrets, sealed at rest. Whenever the grain touches its secrets it seals again those sealed with
/// an older key, so after a key rotation every user's secrets move to the new key as they are used or listed.
/// </summary>
public sealed partial class WorkflowSecretsGrain(
    [PersistentState("workflowSecrets", StorageNames.Grains)] IPersistentState<WorkflowSecretsState> state,
    WorkflowSecretSealer sealer,
    WorkflowClock clock,
    ILogger<WorkflowSecretsGrain> logger) : Grain, IWorkflowSecretsGrain
{
    private Guid OwnerId => this.GetPrimaryKey();

    private Dictionary<string, StoredSecret> Secrets => state.State.Secrets;

    public async Task<string?> Put(string name, string value)
    {
        if (SecretRules.Check(name, value) is { } error)
        {
            return error;
        }

        if (!Secrets.ContainsKey(name) && Secrets.Count >= SecretRules.MaxSecretsPerUser)
        {
            return SecretErrors.TooMany;
        }

        var before = new Dictionary<string, StoredSecret>(Secrets);
        Secrets[name] = new StoredSecret(sealer.Seal(OwnerId, name, value), clock.Time.GetUtcNow());
        ResealStale();
        await WriteOrRestoreAsync(before);
        return null;
    }

    public async Task<bool> Delete(string name)
    {
        if (!Secrets.ContainsKey(name))
        {
            return false;
        }

        var before = new Dictionary<string, StoredSecret>(Secrets);
        Secrets.Remove(name);
        await WriteOrRestoreAsync(before);
        return true;
    }

    public async Task<IReadOnlyList<SecretListItem>> List()
    {
        await ResealStaleAsync();
        return Secrets.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => new SecretListItem(s.Key, s.Value.UpdatedAt)).ToList();
    }

    public async Task<RevealedSecrets> Reveal(IReadOnlyList<string> names)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var missing = new List<string>();
        var unreadable = new List<string>();
        foreach (var name in names.Distinct(StringComparer.Ordinal))
        {
            if (!Secrets.TryGetValue(name, out var stored))
            {
                missing.Add(name);
            }
            else if (TryOpen(name, stored, out var value))
            {
                values[name] = value;
            }
            else
            {
                unreadable.Add(name);
            }
        }

        await ResealStaleAsync();
        return new RevealedSecrets(values, missing, unreadable);
    }

    /// <summary>On a read, a failed re-seal costs nothing but a later retry: the values still open with the old key.</summary>
    private async Task ResealStaleAsync()
    {
        var before = new Dictionary<string, StoredSecret>(Secrets);
        if (ResealStale() == 0)
        {
            return;
        }

        try
        {
            await state.WriteStateAsync();
        }
        catch (Exception exception)
        {
            state.State.Secrets = before;
            LogResealFailed(exception, OwnerId);
            DeactivateOnIdle(); // The stored copy may differ from ours; read it afresh next time.
        }
    }

    /// <summary>Seals again, with the current key, what an older key sealed; how many it sealed again.</summary>
    private int ResealStale()
    {
        var resealed = 0;
        foreach (var (name, stored) in Secrets.ToList())
        {
            try
            {
                if (sealer.TryReseal(OwnerId, name, stored.Sealed, out var current))
                {
                    Secrets[name] = stored with { Sealed = current };
                    resealed++;
                }
            }
            catch (CryptographicException)
            {
                LogUnreadable(name, OwnerId);
            }
        }

        if (resealed > 0)
        {
            LogResealed(resealed, OwnerId);
        }

        return resealed;
    }

    private bool TryOpen(string name, StoredSecret stored, out string value)
    {
        try
        {
            value = sealer.Open(OwnerId, name, stored.Sealed);
            return true;
        }
        catch (CryptographicException)
        {
            LogUnreadable(name, OwnerId);
            value = "";
            return false;
        }
    }

    private async Task WriteOrRestoreAsync(Dictionary<string, StoredSecret> before)
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State.Secrets = before; // Not saved: not changed.
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sealed {Count} workflow secrets of user {OwnerId} again with the current key")]
    private partial void LogResealed(int count, Guid ownerId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing the re-sealed workflow secrets of user {OwnerId} failed; they are sealed again on a later read")]
    private partial void LogResealFailed(Exception exception, Guid ownerId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Workflow secret {Name} of user {OwnerId} opens with none of the configured keys (Workflows:SecretsKey, PreviousSecretsKeys)")]
    private partial void LogUnreadable(string name, Guid ownerId);
}
