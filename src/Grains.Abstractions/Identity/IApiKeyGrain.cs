namespace PowerAutomation.Grains.Abstractions.Identity;

/// <summary>Keyed by API key id: the key's owner and secret hash, so a key authenticates with one call.</summary>
[Alias("pa.IApiKeyGrain")]
public interface IApiKeyGrain : IGrainWithStringKey
{
    /// <summary>Stores the key; only the owning user grain calls this.</summary>
    [Alias("Create")]
    Task Create(ApiKeyRecord record);

    /// <summary>The owner when the secret matches and the key is live, else null. Counts as a use, as <see cref="Identify"/>.</summary>
    [Alias("Authenticate")]
    Task<Guid?> Authenticate(string secret);

    /// <summary>
    /// The owner and the key's grant when the secret matches and the key is live, else null. Notes the use in memory;
    /// the time reaches storage at most once a minute (and when the grain deactivates).
    /// </summary>
    [Alias("Identify")]
    Task<ApiKeyIdentity?> Identify(string secret);

    /// <summary>The key as its owner's list shows it (no secret, no hash); null once revoked.</summary>
    [Alias("Describe")]
    Task<ApiKeyDetails?> Describe();

    /// <summary>Removes the key for good.</summary>
    [Alias("Revoke")]
    Task Revoke();
}
