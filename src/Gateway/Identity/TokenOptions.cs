using System.ComponentModel.DataAnnotations;

namespace PowerAutomation.Gateway.Identity;

/// <summary>Access-token settings (section <c>Identity:Tokens</c>).</summary>
public sealed class TokenOptions
{
    public const string Section = "Identity:Tokens";

    [Required]
    public string Issuer { get; set; } = "powerautomation";

    [Required]
    public string Audience { get; set; } = "powerautomation";

    [Range(typeof(TimeSpan), "00:00:10", "1.00:00:00")]
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// How long a gateway trusts its last answer of whether a token's session is open and its user enabled: an ended
    /// session or a disabled user is refused within this (API.md asks for 5 s).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:00:05")]
    public TimeSpan RevocationCheckInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The ES256 signing key as PKCS#8 PEM. When empty, the key at <see cref="SigningKeyPath"/> is used.</summary>
    public string? SigningKeyPem { get; set; }

    /// <summary>Where the generated key is kept (0600); defaults to <c>$PA_HOME/keys/jwt-es256.pem</c>.</summary>
    public string? SigningKeyPath { get; set; }
}
