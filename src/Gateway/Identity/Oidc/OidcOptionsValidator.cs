using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace PowerAutomation.Gateway.Identity.Oidc;

/// <summary>Checks every provider at start; a message names the setting at fault.</summary>
public sealed partial class OidcOptionsValidator : IValidateOptions<OidcOptions>
{
    public ValidateOptionsResult Validate(string? name, OidcOptions options)
    {
        var failures = new List<string>();
        foreach (var (provider, settings) in options.Providers)
        {
            var at = $"{OidcOptions.Section}:{provider}";
            if (!ProviderName().IsMatch(provider))
            {
                failures.Add($"{at}: a provider name is 1-32 lower-case letters, digits or '-'.");
            }

            if (!Uri.TryCreate(settings.Authority, UriKind.Absolute, out var authority)
                || !(authority.Scheme == Uri.UriSchemeHttps || (authority.Scheme == Uri.UriSchemeHttp && authority.IsLoopback))
                || !string.IsNullOrEmpty(authority.Query) || !string.IsNullOrEmpty(authority.Fragment))
            {
                failures.Add($"{at}:Authority must be an absolute https URL (http only on loopback) without query or fragment.");
            }

            if (string.IsNullOrWhiteSpace(settings.ClientId))
            {
                failures.Add($"{at}:ClientId is required.");
            }

            if (string.IsNullOrWhiteSpace(settings.ClientSecret))
            {
                failures.Add($"{at}:ClientSecret is required.");
            }

            if (!settings.ScopeList.Contains("openid"))
            {
                failures.Add($"{at}:Scopes must include openid.");
            }

            if (settings.DisplayName is { Length: > 100 })
            {
                failures.Add($"{at}:DisplayName has at most 100 characters.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,31}$")]
    private static partial Regex ProviderName();
}
