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

        if (options.Routing.MaxRetryAfterWait < TimeSpan.Zero)
        {
            errors.Add("Ai:Routing:MaxRetryAfterWait must not be negative.");
        }

        ValidateModels(options, errors);

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    // Aliases must lead to served models (no alias chains, no name shared with a real model); tasks to a known name;
    // prices must not be negative.
    private static void ValidateModels(AiOptions options, List<string> errors)
    {
        var served = options.Providers.SelectMany(p => p.Models).ToHashSet(StringComparer.Ordinal);
        foreach (var (alias, target) in options.Models)
        {
            if (served.Contains(alias))
            {
                errors.Add($"Ai:Models:{alias}: the alias is also the name of a served model.");
            }

            if (target.Targets.Count == 0)
            {
                errors.Add($"Ai:Models:{alias}: Targets must list at least one model.");
            }

            if (target.Targets.FirstOrDefault(t => !served.Contains(t)) is { } unknown)
            {
                errors.Add($"Ai:Models:{alias}: target '{unknown}' is not a model of any provider in Ai:Providers.");
            }
        }

        foreach (var (task, route) in options.Routing.Tasks)
        {
            foreach (var name in route.Editions.Values.Prepend(route.Default).OfType<string>())
            {
                if (!served.Contains(name) && !options.Models.ContainsKey(name))
                {
                    errors.Add($"Ai:Routing:Tasks:{task}: '{name}' is neither a served model nor an alias in Ai:Models.");
                }
            }

            if (route.Editions.Keys.FirstOrDefault(e => !KnownEditions.Contains(e)) is { } edition)
            {
                errors.Add($"Ai:Routing:Tasks:{task}: edition '{edition}' is not one of {string.Join(", ", KnownEditions)}.");
            }
        }

        foreach (var (model, price) in options.Prices)
        {
            if (price.InputPerMillion < 0 || price.OutputPerMillion < 0 || price.CachedInputPerMillion < 0)
            {
                errors.Add($"Ai:Prices:{model}: prices must not be negative.");
            }
        }
    }
}
