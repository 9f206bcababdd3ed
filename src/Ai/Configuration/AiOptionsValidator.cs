using Microsoft.Extensions.Options;

namespace PowerAutomation.Ai.Configuration;

/// <summary>Refuses a bad <c>Ai</c> section at start, naming the provider and field.</summary>
public sealed class AiOptionsValidator : IValidateOptions<AiOptions>
{
    private static readonly string[] KnownEditions = ["community", "personal", "professional", "team", "enterprise"];

    public ValidateOptionsResult Validate(string? name, AiOptions options)
    {
        var errors = new List<string>();
        if (!RoutingStrategies.All.Contains(options.Routing.Strategy))
        {
            errors.Add($"Ai:Routing:Strategy '{options.Routing.Strategy}' is not one of {string.Join(", ", RoutingStrategies.All)}.");
        }

        if (options.Routing.RequestTimeout <= TimeSpan.Zero || options.Routing.MaxAttempts < 1 || options.Routing.FailureThreshold < 1
            || options.Routing.BreakDuration <= TimeSpan.Zero || options.Routing.RetryBaseDelay < TimeSpan.Zero || options.Routing.ProbeInterval < TimeSpan.Zero)
        {
            errors.Add("Ai:Routing: RequestTimeout, BreakDuration must be positive; MaxAttempts, FailureThreshold at least 1; delays not negative.");
        }

        foreach (var (provider, index) in options.Providers.Select((p, i) => (p, i)))
        {
            var at = $"Ai:Providers:{index} ({provider.Name})";
            if (string.IsNullOrWhiteSpace(provider.Name))
            {
                errors.Add($"Ai:Providers:{index}: name is required.");
            }

            if (!ProviderKinds.All.Contains(provider.Kind))
            {
                errors.Add($"{at}: kind '{provider.Kind}' is not one of {string.Join(", ", ProviderKinds.All)}.");
            }

            if (provider.Kind != ProviderKinds.Local
                && !(Uri.TryCreate(provider.BaseUrl, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"))
            {
                errors.Add($"{at}: baseUrl '{provider.BaseUrl}' is not an absolute http(s) URL.");
            }

            if (provider.Models.Count == 0 || provider.Models.Any(string.IsNullOrWhiteSpace))
            {
                errors.Add($"{at}: models must list at least one model name.");
            }

            if (provider.Editions.FirstOrDefault(e => !KnownEditions.Contains(e)) is { } edition)
            {
                errors.Add($"{at}: edition '{edition}' is not one of {string.Join(", ", KnownEditions)}.");
            }

            if (provider.Weight < 0 || provider.Timeout <= TimeSpan.Zero)
            {
                errors.Add($"{at}: weight must not be negative and timeout must be positive.");
            }
        }

        if (options.Providers.GroupBy(p => p.Name).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
        {
            errors.Add($"Ai:Providers: the name '{duplicate.Key}' is used twice.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
