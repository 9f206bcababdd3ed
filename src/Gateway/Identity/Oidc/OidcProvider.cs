using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using PowerAutomation.Gateway.Errors;
using PowerAutomation.Grains.Abstractions.Identity;
using PowerAutomation.Grains.Abstractions.Identity.Oidc;

namespace PowerAutomation.Gateway.Identity.Oidc;

/// <summary>
/// One configured provider: its discovery document and JWKS (IdentityModel's <see cref="ConfigurationManager{T}"/>,
/// cached and refreshed, and refreshed at once when a token names a key it does not know), the authorization URL,
/// the code exchange and the ID token's validation.
/// </summary>
public sealed partial class OidcProvider
{
    private const int MaxTokenResponseBytes = 256 * 1024;
    private static readonly JsonWebTokenHandler Handler = new() { MapInboundClaims = false };

    private readonly OidcProviderOptions _options;
    private readonly HttpClient _http;
    private readonly ConfigurationManager<OpenIdConnectConfiguration> _configuration;
    private readonly ILogger _logger;

    public OidcProvider(string name, OidcProviderOptions options, Uri publicUrl, HttpClient http, ILogger logger)
    {
        Name = name;
        _options = options;
        _http = http;
        _logger = logger;
        Callback = OidcRedirects.CallbackFor(publicUrl, name);
        var authority = new Uri(options.Authority!);
        var discovery = options.Authority!.TrimEnd('/') + "/.well-known/openid-configuration";
        _configuration = new ConfigurationManager<OpenIdConnectConfiguration>(discovery, new OpenIdConnectConfigurationRetriever(),
            new HttpDocumentRetriever(http) { RequireHttps = !authority.IsLoopback });
    }

    public string Name { get; }

    public string DisplayName => string.IsNullOrWhiteSpace(_options.DisplayName) ? Name : _options.DisplayName;

    /// <summary>The redirect URI registered with the provider.</summary>
    public string Callback { get; }

    /// <summary>The discovery document, or null (logged) when the provider cannot be reached or is not what it says.</summary>
    public async Task<OpenIdConnectConfiguration?> ConfigurationAsync(CancellationToken cancellationToken)
    {
        try
        {
            var configuration = await _configuration.GetConfigurationAsync(cancellationToken);

            // OpenID Connect Discovery §4.3: the issuer is the URL the document was asked of (no mix-up of providers).
            if (!string.Equals(configuration.Issuer?.TrimEnd('/'), _options.Authority!.TrimEnd('/'), StringComparison.Ordinal))
            {
                LogIssuerMismatch(_logger, Name, configuration.Issuer);
                return null;
            }

            return configuration;
        }
        catch (Exception exception) when (exception is InvalidOperationException or IOException or HttpRequestException)
        {
            LogDiscoveryFailed(_logger, Name, exception);
            return null;
        }
    }

    public string AuthorizationUrl(OpenIdConnectConfiguration configuration, string state, string nonce, string codeVerifier)
    {
        var query = new Dictionary<string, string>
        {
            ["response_type"] = "code",
            ["client_id"] = _options.ClientId!,
            ["redirect_uri"] = Callback,
            ["scope"] = string.Join(' ', _options.ScopeList),
            ["state"] = state,
            ["nonce"] = nonce,
            ["code_challenge"] = Pkce.Challenge(codeVerifier),
            ["code_challenge_method"] = "S256",
        };
        var endpoint = configuration.AuthorizationEndpoint;
        var separator = endpoint.Contains('?') ? '&' : '?';
        return endpoint + separator + string.Join('&', query.Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value)}"));
    }

    /// <summary>Trades the code (with the PKCE verifier and the client's secret) for the provider's ID token.</summary>
    public async Task<OidcStep<string>> ExchangeAsync(
        OpenIdConnectConfiguration configuration, string code, string codeVerifier, CancellationToken cancellationToken)
    {
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = Callback,
            ["code_verifier"] = codeVerifier,
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, configuration.TokenEndpoint);
        var methods = configuration.TokenEndpointAuthMethodsSupported;
        if (methods.Count == 0 || methods.Contains("client_secret_basic"))
        {
            // RFC 6749 §2.3.1: each part form-encoded, then base64.
            var credentials = $"{Uri.EscapeDataString(_options.ClientId!)}:{Uri.EscapeDataString(_options.ClientSecret!)}";
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(credentials)));
        }
        else
        {
            form["client_id"] = _options.ClientId!;
            form["client_secret"] = _options.ClientSecret!;
        }

        request.Content = new FormUrlEncodedContent(form);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (response.Content.Headers.ContentLength > MaxTokenResponseBytes)
            {
                return OidcStep<string>.Fail(ErrorCodes.OidcExchangeFailed, "The provider's token response is too large.");
            }

            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            using var limited = new MemoryStream();
            await body.CopyToAsync(limited, cancellationToken);
            if (limited.Length > MaxTokenResponseBytes)
            {
                return OidcStep<string>.Fail(ErrorCodes.OidcExchangeFailed, "The provider's token response is too large.");
            }

            using var json = JsonDocument.Parse(limited.ToArray());
            if (!response.IsSuccessStatusCode)
            {
                var error = json.RootElement.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
                LogExchangeRefused(_logger, Name, (int)response.StatusCode, error);
                return OidcStep<string>.Fail(ErrorCodes.OidcExchangeFailed, "The provider refused the authorization code.");
            }

            return json.RootElement.TryGetProperty("id_token", out var idToken) && idToken.ValueKind == JsonValueKind.String
                ? OidcStep<string>.Ok(idToken.GetString()!)
                : OidcStep<string>.Fail(ErrorCodes.OidcExchangeFailed, "The provider's token response holds no ID token.");
        }
        catch (Exception exception) when (exception is HttpRequestException or JsonException or IOException
            || (exception is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            LogExchangeFailed(_logger, Name, exception);
            return OidcStep<string>.Fail(ErrorCodes.OidcExchangeFailed, "The provider's token endpoint could not be used.");
        }
    }

    /// <summary>
    /// Issuer, audience, signature (against the provider's JWKS, refreshed once when the key is unknown), expiry and
    /// the nonce of this sign-in; then the claims a link needs.
    /// </summary>
    public async Task<OidcStep<OidcIdentity>> ValidateAsync(
        OpenIdConnectConfiguration configuration, string idToken, string nonce, CancellationToken cancellationToken)
    {
        var result = await Handler.ValidateTokenAsync(idToken, Parameters(configuration));
        if (result.Exception is SecurityTokenSignatureKeyNotFoundException)
        {
            // The provider may have rotated its keys since the JWKS was read.
            _configuration.RequestRefresh();
            if (await ConfigurationAsync(cancellationToken) is { } refreshed)
            {
                result = await Handler.ValidateTokenAsync(idToken, Parameters(refreshed));
            }
        }

        if (!result.IsValid)
        {
            LogIdTokenRejected(_logger, Name, result.Exception?.GetType().Name);
            return OidcStep<OidcIdentity>.Fail(ErrorCodes.InvalidIdToken, "The provider's ID token did not validate.");
        }

        var token = (JsonWebToken)result.SecurityToken;
        if (!token.TryGetPayloadValue<string>("nonce", out var tokenNonce) || !Pkce.FixedTimeEquals(tokenNonce, nonce))
        {
            LogIdTokenRejected(_logger, Name, "nonce");
            return OidcStep<OidcIdentity>.Fail(ErrorCodes.InvalidIdToken, "The ID token was not issued for this sign-in.");
        }

        // With several audiences the authorized party must be this client (OpenID Connect Core §3.1.3.7).
        if (token.Audiences.Count() > 1 && (!token.TryGetPayloadValue<string>("azp", out var azp) || azp != _options.ClientId))
        {
            return OidcStep<OidcIdentity>.Fail(ErrorCodes.InvalidIdToken, "The ID token was issued to another party.");
        }

        var subject = token.Subject;
        if (string.IsNullOrEmpty(subject) || subject.Length > OidcIdentity.MaxSubjectLength)
        {
            return OidcStep<OidcIdentity>.Fail(ErrorCodes.InvalidIdToken, "The ID token has no usable subject.");
        }

        var email = token.TryGetPayloadValue<string>("email", out var rawEmail) ? EmailAddress.Normalize(rawEmail) : null;
        var name = token.TryGetPayloadValue<string>("name", out var rawName) ? rawName : null;
        return OidcStep<OidcIdentity>.Ok(new OidcIdentity(Name, subject, email, EmailVerified(token), name));
    }

    private TokenValidationParameters Parameters(OpenIdConnectConfiguration configuration) => new()
    {
        ValidIssuer = configuration.Issuer,
        ValidAudience = _options.ClientId,
        IssuerSigningKeys = configuration.SigningKeys,
        RequireSignedTokens = true,
        RequireExpirationTime = true,
        ValidateLifetime = true,
        ClockSkew = TimeSpan.FromMinutes(1),
    };

    // Most providers send a JSON boolean; some send the string "true".
    private static bool EmailVerified(JsonWebToken token) =>
        (token.TryGetPayloadValue<bool>("email_verified", out var flag) && flag)
        || (token.TryGetPayloadValue<string>("email_verified", out var text) && text == "true");

    [LoggerMessage(Level = LogLevel.Warning, Message = "OIDC provider {Provider}: discovery failed")]
    private static partial void LogDiscoveryFailed(ILogger logger, string provider, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "OIDC provider {Provider}: discovery names issuer {Issuer}, not its authority")]
    private static partial void LogIssuerMismatch(ILogger logger, string provider, string? issuer);

    [LoggerMessage(Level = LogLevel.Warning, Message = "OIDC provider {Provider}: token endpoint answered {Status} {Error}")]
    private static partial void LogExchangeRefused(ILogger logger, string provider, int status, string? error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "OIDC provider {Provider}: token endpoint failed")]
    private static partial void LogExchangeFailed(ILogger logger, string provider, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "OIDC provider {Provider}: ID token rejected ({Reason})")]
    private static partial void LogIdTokenRejected(ILogger logger, string provider, string? reason);
}
