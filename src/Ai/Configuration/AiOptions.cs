namespace PowerAutomation.Ai.Configuration;

/// <summary>The <c>Ai</c> configuration section of API.md: providers and routing.</summary>
public sealed class AiOptions
{
    public const string Section = "Ai";

    public List<ProviderOptions> Providers { get; set; } = [];

    public RoutingOptions Routing { get; set; } = new();

    /// <summary><c>Ai:Models:{alias}:Targets</c>: a name callers may ask for, served by the first target that answers.</summary>
    public Dictionary<string, ModelAliasOptions> Models { get; set; } = new(StringComparer.Ordinal);

    /// <summary><c>Ai:Prices:{model}</c> in USD per million tokens; a model without a price costs nothing.</summary>
    public Dictionary<string, ModelPriceOptions> Prices { get; set; } = new(StringComparer.Ordinal);
}

public sealed class ModelAliasOptions
{
    /// <summary>Models tried in order, each across its providers, before the call fails.</summary>
    public List<string> Targets { get; set; } = [];
}

public sealed class ModelPriceOptions
{
    public decimal InputPerMillion { get; set; }

    public decimal OutputPerMillion { get; set; }

    /// <summary>Input read from the provider's prompt cache; the input price when unset.</summary>
    public decimal? CachedInputPerMillion { get; set; }
}

/// <summary>
/// <c>Ai:Routing:Tasks:{task}</c>: the alias (or model) a task is served by when the caller asks for the model
/// <c>auto</c>, by default and per edition.
/// </summary>
public sealed class TaskRouteOptions
{
    public string? Default { get; set; }

    public Dictionary<string, string> Editions { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>One upstream: <c>{name, kind, baseUrl, apiKey, models[], editions[], weight, priority}</c>.</summary>
public sealed class ProviderOptions
{
    public string Name { get; set; } = "";

    /// <summary><c>anthropic</c>, <c>openai</c>, <c>openai-compatible</c>, <c>gemini</c> or <c>local</c>.</summary>
    public string Kind { get; set; } = "";

    /// <summary>
    /// Where the vendor's API lives, as its SDKs take it: OpenAI-style including <c>/v1</c>
    /// (https://api.openai.com/v1), Anthropic and Gemini without a version (https://api.anthropic.com).
    /// </summary>
    public string BaseUrl { get; set; } = "";

    public string? ApiKey { get; set; }

    public List<string> Models { get; set; } = [];

    /// <summary>Editions whose users may use this provider; empty means every edition.</summary>
    public List<string> Editions { get; set; } = [];

    /// <summary>Share of traffic under the <c>weighted</c> strategy.</summary>
    public int Weight { get; set; } = 1;

    /// <summary>Lower is preferred under the <c>priority</c> strategy and breaks ties under the others.</summary>
    public int Priority { get; set; }

    /// <summary>Per-attempt timeout overriding <see cref="RoutingOptions.RequestTimeout"/>.</summary>
    public TimeSpan? Timeout { get; set; }
}

public sealed class RoutingOptions
{
    /// <summary><c>priority</c>, <c>weighted</c>, <c>least-busy</c> or <c>lowest-latency</c>.</summary>
    public string Strategy { get; set; } = RoutingStrategies.Priority;

    /// <summary>How long one attempt may take: to the response headers when streaming, to the whole body otherwise.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Attempts per call across providers (at least one per healthy provider of the model).</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>First wait before retrying the same provider; doubles each time, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Consecutive failures that open a provider's circuit.</summary>
    public int FailureThreshold { get; set; } = 3;

    /// <summary>How long an open circuit refuses calls before one trial call is let through.</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often each provider is probed; zero turns active probes off.</summary>
    public TimeSpan ProbeInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The longest a provider's <c>Retry-After</c> is waited out inside one call; a longer one sends the call to the
    /// next provider at once (the provider's circuit stays open for the whole Retry-After either way).
    /// </summary>
    public TimeSpan MaxRetryAfterWait { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Task name (<c>X-PA-Task</c>, or inferred: <c>completion</c> for /v1/completions) to the alias serving it.</summary>
    public Dictionary<string, TaskRouteOptions> Tasks { get; set; } = new(StringComparer.Ordinal);
}

public static class RoutingStrategies
{
    public const string Priority = "priority";
    public const string Weighted = "weighted";
    public const string LeastBusy = "least-busy";
    public const string LowestLatency = "lowest-latency";

    public static IReadOnlyList<string> All { get; } = [Priority, Weighted, LeastBusy, LowestLatency];
}

public static class ProviderKinds
{
    public const string Anthropic = "anthropic";
    public const string OpenAi = "openai";
    public const string OpenAiCompatible = "openai-compatible";
    public const string Gemini = "gemini";
    public const string Local = "local";

    public static IReadOnlyList<string> All { get; } = [Anthropic, OpenAi, OpenAiCompatible, Gemini, Local];
}
