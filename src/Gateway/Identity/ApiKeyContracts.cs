namespace PowerAutomation.Gateway.Identity;

/// <summary><c>POST /api/v1/me/api-keys</c>. Without <c>scopes</c> the key is full-access, as keys always were.</summary>
public sealed record CreateApiKeyRequest(string? Name, DateTimeOffset? ExpiresAt, IReadOnlyList<string>? Scopes = null, ApiKeyLimitsBody? Limits = null);

/// <summary>A key's own limits; <c>aiSpendPerDay</c> in micro-USD per UTC day, inside the owner's budget.</summary>
public sealed record ApiKeyLimitsBody(long? AiSpendPerDay);

/// <summary>The created key: <c>apiKey</c> is shown this once.</summary>
public sealed record ApiKeyResponse(
    string KeyId, string ApiKey, string Name, DateTimeOffset? ExpiresAt, string Prefix, bool FullAccess, IReadOnlyList<string> Scopes, ApiKeyLimitsBody Limits);

/// <summary>
/// One of the caller's keys, never its secret: <c>prefix</c> is how the key starts, to tell keys apart;
/// <c>lastUsedAt</c> is the last authentication (kept in memory, stored at most a minute late).
/// </summary>
public sealed record ApiKeyListItem(
    string KeyId, string Name, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? LastUsedAt,
    bool FullAccess, IReadOnlyList<string> Scopes, ApiKeyLimitsBody Limits);
