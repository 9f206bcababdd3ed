namespace PowerAutomation.Gateway.Identity;

/// <summary>
/// How a <c>Map…Api</c> declares the API-key scope its routes need, once per group. Routes without a declaration
/// answer scoped keys 403 <c>insufficient_scope</c>: only sessions and full-access keys reach them.
/// </summary>
public static class ApiScopeEndpoints
{
    /// <summary>Every method needs <paramref name="scope"/>.</summary>
    public static TBuilder RequireScope<TBuilder>(this TBuilder builder, string scope) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ApiScopeMetadata(scope, scope));

    /// <summary>Reads (GET, HEAD) need <paramref name="readScope"/>, everything else <paramref name="writeScope"/>.</summary>
    public static TBuilder RequireScopes<TBuilder>(this TBuilder builder, string readScope, string writeScope) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ApiScopeMetadata(readScope, writeScope));

    /// <summary>Any authenticated key may call, whatever its scopes (who am I, my quota).</summary>
    public static TBuilder AllowAnyApiKey<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(ApiScopeMetadata.AnyKey);

    /// <summary>Only sessions and full-access keys, even inside a group that declares a scope.</summary>
    public static TBuilder RequireFullAccessKey<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(ApiScopeMetadata.FullAccessOnly);
}
