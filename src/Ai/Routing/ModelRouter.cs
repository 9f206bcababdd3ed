using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PowerAutomation.Ai.Configuration;

namespace PowerAutomation.Ai.Routing;

public enum ModelAccess
{
    Unknown,
    NotInEdition,
    Allowed,
}

/// <summary>
/// Chooses a provider for each call by model, edition, circuit state and strategy; retries retryable failures
/// (429, 5xx, timeouts, refused connections) with backoff on the same provider and falls back to the next; never
/// retries once an answer has been handed to the caller. Stateless per call; health is per process.
/// </summary>
public sealed class ModelRouter
{
    private readonly RoutingOptions _routing;
    private readonly HttpClient _http;
    private readonly TimeProvider _time;
    private readonly ILogger<ModelRouter> _logger;
    private readonly Random _random = new();

    public ModelRouter(IOptions<AiOptions> options, HttpClient http, TimeProvider time, ILogger<ModelRouter> logger)
    {
        _routing = options.Value.Routing;
        _http = http;
        _time = time;
        _logger = logger;
        Providers = options.Value.Providers.Select((p, i) => new ProviderState(p, i, _routing, time)).ToList();
        Metrics = new AiMetrics(() => Providers);
    }

    public IReadOnlyList<ProviderState> Providers { get; }

    public AiMetrics Metrics { get; }

    public string Strategy => _routing.Strategy;

    /// <summary>Models the edition may use (chat and local embeddings models), in configuration order.</summary>
    public IReadOnlyList<string> ModelsFor(string edition) =>
        Providers.Where(p => p.AllowedFor(edition)).SelectMany(p => p.Options.Models).Distinct().ToList();

    /// <summary>Whether the model is served by the cluster's own model workers rather than an upstream API.</summary>
    public bool ServedLocally(string model) => Providers.Any(p => p.Serves(model) && p.Options.Kind == ProviderKinds.Local);

    public ModelAccess Access(string model, string edition) =>
        !Providers.Any(p => p.Serves(model)) ? ModelAccess.Unknown
        : Providers.Any(p => p.Serves(model) && p.AllowedFor(edition)) ? ModelAccess.Allowed
        : ModelAccess.NotInEdition;

    /// <summary>
    /// Sends the call built by <paramref name="build"/> for the chosen provider, returning the first answer that is
    /// not a retryable failure (a success, or an error that is the caller's own, such as a 400).
    /// </summary>
    public async Task<UpstreamCall> SendAsync(string model, string edition, Func<ProviderState, HttpRequestMessage> build, bool stream,
        CancellationToken cancellationToken)
    {
        var candidates = Providers.Where(p => p.Serves(model) && p.AllowedFor(edition)).ToList();
        var order = RoutingStrategy.Order(_routing.Strategy, candidates.Where(p => p.Circuit.MayAttempt), _random);
        if (order.Count == 0)
        {
            throw new RoutingException(503, RoutingCodes.ProviderUnavailable, $"Every provider of '{model}' is failing; try again shortly.");
        }

        var attempts = Math.Max(_routing.MaxAttempts, order.Count);
        var lastFailure = (Code: RoutingCodes.ProviderUnavailable, Message: "No provider answered.");
        ProviderState? previous = null;
        var retriesOfSame = 0;
        for (var attempt = 0; attempt < attempts; attempt++)
        {
            var provider = order[attempt % order.Count];
            if (provider == previous)
            {
                // Same provider again: back off (exponential with jitter) so a struggling upstream gets air.
                var delay = _routing.RetryBaseDelay * Math.Pow(2, retriesOfSame++) * (0.5 + _random.NextDouble());
                await Task.Delay(delay, _time, cancellationToken);
            }

            previous = provider;
            if (!provider.Circuit.TryAcquire())
            {
                continue;
            }

            var (call, failure) = await AttemptAsync(provider, build, stream, cancellationToken);
            if (call is not null)
            {
                return call;
            }

            lastFailure = failure;
        }

        var status = lastFailure.Code == RoutingCodes.ProviderTimeout ? 504 : lastFailure.Code == RoutingCodes.ProviderUnavailable ? 503 : 502;
        throw new RoutingException(status, lastFailure.Code, $"No provider of '{model}' answered: {lastFailure.Message}");
    }

    private async Task<(UpstreamCall? Call, (string Code, string Message) Failure)> AttemptAsync(ProviderState provider,
        Func<ProviderState, HttpRequestMessage> build, bool stream, CancellationToken cancellationToken)
    {
        var lifetime = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        lifetime.CancelAfter(provider.Timeout);
        var started = Stopwatch.GetTimestamp();
        provider.Stats.Begin();
        HttpResponseMessage? response = null;
        try
        {
            using var request = build(provider);
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, lifetime.Token);
            if (IsRetryable(response.StatusCode))
            {
                var detail = await ReadErrorAsync(response, lifetime.Token);
                return (null, Fail(provider, started, lifetime, response, RoutingCodes.ProviderError, $"{provider.Name} answered {(int)response.StatusCode}: {detail}"));
            }

            if (!stream || !response.IsSuccessStatusCode)
            {
                await response.Content.LoadIntoBufferAsync(lifetime.Token);
            }

            // The answer is the caller's now: no more timeouts of ours, only the caller's own cancellation.
            lifetime.CancelAfter(Timeout.InfiniteTimeSpan);
            return (new UpstreamCall(provider, response, lifetime, started, Finish), default);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested && IsTransport(exception))
        {
            var timedOut = exception is OperationCanceledException;
            var code = timedOut ? RoutingCodes.ProviderTimeout : RoutingCodes.ProviderUnavailable;
            var message = timedOut ? $"{provider.Name} did not answer within {provider.Timeout.TotalSeconds:0.###} s" : $"{provider.Name}: {exception.Message}";
            return (null, Fail(provider, started, lifetime, response, code, message));
        }
        catch
        {
            provider.Stats.End(Stopwatch.GetElapsedTime(started), false, null, _time.GetUtcNow());
            response?.Dispose();
            lifetime.Dispose();
            throw;
        }
    }

    private (string, string) Fail(ProviderState provider, long started, CancellationTokenSource lifetime, HttpResponseMessage? response, string code, string message)
    {
        var elapsed = Stopwatch.GetElapsedTime(started);
        provider.Stats.End(elapsed, true, message, _time.GetUtcNow());
        Metrics.Attempt(provider.Name, code, elapsed);
        if (provider.Circuit.RecordFailure())
        {
            _logger.LogWarning("Circuit of AI provider {Provider} opened after {Error}", provider.Name, message);
        }
        else
        {
            _logger.LogInformation("AI provider {Provider} failed: {Error}", provider.Name, message);
        }

        response?.Dispose();
        lifetime.Dispose();
        return (code, message);
    }

    private void Finish(UpstreamCall call, bool failed, string? error)
    {
        var provider = call.Provider;
        provider.Stats.End(call.Elapsed, failed, error, _time.GetUtcNow());
        Metrics.Attempt(provider.Name, failed ? "stream_failed" : call.Succeeded ? "ok" : "rejected", call.Elapsed);
        if (failed)
        {
            provider.Circuit.RecordFailure();
        }
        else
        {
            // A 4xx that is the caller's fault still shows the provider is alive.
            provider.Circuit.RecordSuccess();
        }
    }

    /// <summary>Probes one provider; a failed probe counts against its circuit like a failed call.</summary>
    public async Task ProbeAsync(ProviderState provider, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        bool healthy;
        try
        {
            using var request = provider.Endpoint.Probe();
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            healthy = (int)response.StatusCode < 500 && response.StatusCode != HttpStatusCode.TooManyRequests;
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested && IsTransport(exception))
        {
            healthy = false;
        }

        provider.Stats.ProbeHealthy = healthy;
        provider.Stats.LastProbeAt = _time.GetUtcNow();
        if (!healthy && provider.Circuit.RecordFailure())
        {
            _logger.LogWarning("Circuit of AI provider {Provider} opened after a failed probe", provider.Name);
        }
    }

    public static bool IsRetryable(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout || (int)status >= 500;

    private static bool IsTransport(Exception exception) =>
        exception is HttpRequestException or OperationCanceledException or IOException or SocketException;

    private static async Task<string> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            return text.Length > 300 ? text[..300] : text;
        }
        catch (Exception exception) when (IsTransport(exception))
        {
            return response.ReasonPhrase ?? "";
        }
    }
}
