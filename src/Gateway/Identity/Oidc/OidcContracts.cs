namespace PowerAutomation.Gateway.Identity.Oidc;

public sealed record OidcProviderResponse(string Name, string DisplayName);

public sealed record OidcExchangeRequest(string? Code);
