using PowerAutomation.Grains.Abstractions.Audit;
using PowerAutomation.Grains.Abstractions.Identity;

namespace PowerAutomation.Grains.Identity;

/// <summary>API keys: the user grain lists them; the key's own grain authenticates it.</summary>
public sealed partial class UserGrain
{
    public Task<ApiKeyCreated?> CreateApiKey(string name, DateTimeOffset? expiresAt) =>
        CreateScopedApiKey(name, expiresAt, ApiKeyGrant.FullAccess);

    public async Task<ApiKeyCreated?> CreateScopedApiKey(string name, DateTimeOffset? expiresAt, ApiKeyGrant grant)
    {
        EnsureExists();
        if (state.State.ApiKeys.Count >= options.Value.MaxApiKeysPerUser)
        {
            return null;
        }

        var keyId = Guid.NewGuid().ToString("N");
        var secret = SecretHasher.NewSecret();
        var now = time.GetUtcNow();
        await GrainFactory.GetGrain<IApiKeyGrain>(keyId)
            .Create(new ApiKeyRecord(UserId, name, SecretHasher.Hash(secret), expiresAt, now, grant));

        state.State.ApiKeys[keyId] = new ApiKeySummary { Name = name, CreatedAt = now, ExpiresAt = expiresAt };
        await state.WriteStateAsync();
        Audit(AuditKinds.ApiKeyCreated, keyId);
        return new ApiKeyCreated(keyId, ApiKeyFormat.Compose(keyId, secret), name, expiresAt, grant);
    }

    public async Task<IReadOnlyList<ApiKeyDetails>> ListApiKeys()
    {
        // At most MaxApiKeysPerUser calls, side by side; a key grain never calls back, so nothing waits on this grain.
        var keys = await Task.WhenAll(state.State.ApiKeys.Keys.Select(keyId => GrainFactory.GetGrain<IApiKeyGrain>(keyId).Describe()));
        return keys.OfType<ApiKeyDetails>().OrderByDescending(key => key.CreatedAt).ThenBy(key => key.KeyId, StringComparer.Ordinal).ToList();
    }

    public async Task<bool> DeleteApiKey(string keyId)
    {
        if (!state.State.ApiKeys.ContainsKey(keyId))
        {
            return false;
        }

        await GrainFactory.GetGrain<IApiKeyGrain>(keyId).Revoke();
        state.State.ApiKeys.Remove(keyId);
        await state.WriteStateAsync();
        Audit(AuditKinds.ApiKeyDeleted, keyId);
        return true;
    }
}
