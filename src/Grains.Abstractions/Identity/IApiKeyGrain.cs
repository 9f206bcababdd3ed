namespace PowerAutomation.Grains.Abstractions.Identity;

/// <summary>Keyed by API key id: the key's owner and secret hash, so a key authenticates with one call.</summary>
[Alias("pa.IApiKeyGrain")]
public interface IApiKeyGrain : IGrainWithStringKey
{
    /// <summary>Stores the key; only the owning user grain calls this.</summary>
    [Alias("Create")]
    Task Create(ApiKeyRecord record);

    /// <summary>The owner when the secret matches and the key is live, else null.</summary>
    [Alias("Authenticate")]
    Task<Guid?> Authenticate(string secret);

    /// <summary>Removes the key for good.</summary>
    [Alias("Revoke")]
    Task Revoke();
}
