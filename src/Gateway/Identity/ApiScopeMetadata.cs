namespace PowerAutomation.Gateway.Identity;

/// <summary>
/// Endpoint metadata: the scope an API key needs here. Safe methods (GET, HEAD, OPTIONS) need the read scope, the
/// others the write scope; null means any key may call. The innermost declaration wins, so an endpoint can tighten
/// (or open) what its group declares. Set it with <see cref="ApiScopeEndpoints"/>.
/// </summary>
public sealed class ApiScopeMetadata(string? readScope, string? writeScope)
{
    /// <summary>A pseudo-scope no scoped key holds: what endpoints without a declaration need.</summary>
    public const string FullAccess = "full_access";

    public static ApiScopeMetadata AnyKey { get; } = new(null, null);

    public static ApiScopeMetadata FullAccessOnly { get; } = new(FullAccess, FullAccess);

    public string? ScopeFor(string method) =>
        HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) ? readScope : writeScope;
}
