namespace PowerAutomation.Gateway.Identity.Oidc;

/// <summary>OpenID Connect providers users may sign in with (section <c>Auth:Oidc</c>, one entry per provider name).</summary>
public sealed class OidcOptions
{
    public const string Section = "Auth:Oidc";

    /// <summary>How long a started sign-in waits for the provider to send the user back.</summary>
    public static readonly TimeSpan StateLifetime = TimeSpan.FromMinutes(10);

    /// <summary>How long the web app has to exchange its one-time code for tokens.</summary>
    public static readonly TimeSpan CodeLifetime = TimeSpan.FromSeconds(60);

    public Dictionary<string, OidcProviderOptions> Providers { get; } = new(StringComparer.Ordinal);
}

/// <summary><c>Auth:Oidc:{name}</c>: a standard provider found through its discovery document.</summary>
public sealed class OidcProviderOptions
{
    /// <summary>The issuer; <c>{Authority}/.well-known/openid-configuration</c> is its discovery document.</summary>
    public string? Authority { get; set; }

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    /// <summary>Space- or comma-separated; must hold <c>openid</c>.</summary>
    public string Scopes { get; set; } = "openid email profile";

    /// <summary>What the sign-in button says; the provider's name when not set.</summary>
    public string? DisplayName { get; set; }

    public IReadOnlyList<string> ScopeList =>
        Scopes.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList();
}
