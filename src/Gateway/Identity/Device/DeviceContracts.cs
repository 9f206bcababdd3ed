using System.Text.Json.Serialization;

namespace PowerAutomation.Gateway.Identity.Device;

// RFC 8628 names its fields in snake_case; answers carry those and, for this API's own clients, camelCase twins.

/// <summary>The device authorization request (form-encoded as the RFC says, or JSON); all optional.</summary>
public sealed record DeviceAuthorizationForm(
    [property: JsonPropertyName("client_id")] string? ClientId,
    [property: JsonPropertyName("scope")] string? Scope,
    [property: JsonPropertyName("device_name")] string? DeviceName);

/// <summary>The device access token request.</summary>
public sealed record DeviceTokenForm(
    [property: JsonPropertyName("grant_type")] string? GrantType,
    [property: JsonPropertyName("device_code")] string? DeviceCode,
    [property: JsonPropertyName("client_id")] string? ClientId);

public sealed record DeviceAuthorizationResponse(
    [property: JsonPropertyName("device_code")] string DeviceCode,
    [property: JsonPropertyName("user_code")] string UserCode,
    [property: JsonPropertyName("verification_uri")] string VerificationUri,
    [property: JsonPropertyName("verification_uri_complete")] string VerificationUriComplete,
    [property: JsonPropertyName("expires_in")] int ExpiresIn,
    [property: JsonPropertyName("interval")] int Interval)
{
    [JsonPropertyName("deviceCode")] public string DeviceCodeCamel => DeviceCode;

    [JsonPropertyName("userCode")] public string UserCodeCamel => UserCode;

    [JsonPropertyName("verificationUri")] public string VerificationUriCamel => VerificationUri;

    [JsonPropertyName("verificationUriComplete")] public string VerificationUriCompleteCamel => VerificationUriComplete;

    [JsonPropertyName("expiresIn")] public int ExpiresInCamel => ExpiresIn;
}

/// <summary>The token pair of login under both OAuth's names and this API's.</summary>
public sealed record DeviceTokenResponse(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("token_type")] string TokenType,
    [property: JsonPropertyName("expires_in")] int ExpiresIn,
    [property: JsonPropertyName("refresh_token")] string RefreshToken)
{
    [JsonPropertyName("accessToken")] public string AccessTokenCamel => AccessToken;

    [JsonPropertyName("refreshToken")] public string RefreshTokenCamel => RefreshToken;

    [JsonPropertyName("tokenType")] public string TokenTypeCamel => TokenType;

    [JsonPropertyName("expiresIn")] public int ExpiresInCamel => ExpiresIn;
}

/// <summary>What a signed-in person sees before approving a device.</summary>
public sealed record DeviceGrantResponse(
    string UserCode, string ClientId, string? DeviceName, DateTimeOffset RequestedAt, DateTimeOffset ExpiresAt,
    string Status, string? RequestedFrom);

public sealed record DeviceDecisionRequest(string? UserCode);
