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
/// Chooses a provider for each call by model, edition, circuit state and strategy, trying a route's targets in order
/// (each across its providers); retries retryable failures (429, 5xx, timeouts, refused connections) with backoff on
/// the same provider, waiting out a short <c>Retry-After</c> and skipping a provider whose <c>Retry-After</c> is long
/// (its circuit stays open that long), and falls back to the next; never retries once an answer has been handed to
/// the caller. Stateless per call; health is per process.
/// </summary>
public sealed partial class ModelRouter
{
    private readonly RoutingOptions _routing;
    private readonly HttpClient _http;
    private readonly TimeProvider _time;
    private readonly ILogger<ModelRouter> _logger;

    public ModelRouter(IOptions<AiOptions> options, HttpClient http, TimeProvider time, ILogger<ModelRouter> logger)
    {
        _routing = options.Value.Routing;
        _http = http;
        _time = time;
        _logger = logger;
        Providers = options.Value.Providers.Select((p, i) => new ProviderState(p, i, _routing, time)).ToList();
        Catalog = new ModelCatalog(Providers, options.Value);
        Metrics = new AiMetrics(() => Providers);
    }

    public IReadOnlyList<ProviderState> Providers { get; }

    public ModelCatalog Catalog { get; }

    public AiMetrics Metrics { get; }

    public string Strategy => _routing.Strategy;

    /// <summary>
    /// Sends the call built by <paramref name="build"/> for the chosen provider and target model, returning the first
    /// answer that is not a retryable failure (a success, or an error that is the caller's own, such as a 400).
    /// </summary>
    public async Task<UpstreamCall> SendAsync(ModelRoute route, string edition, Func<ProviderState, string, HttpRequestMessage> build, bool stream,
        CancellationToken cancellationToken, Func<ProviderState, bool>? only = null)
    {
        var order = route.Targets.SelectMany(target => RoutingStrategy.Order(_routing.Strategy,
                Providers.Where(p => p.Serves(target) && p.AllowedFor(edition) && p.Circuit.MayAttempt && (only is null || only(p))), Random.Shared)
            .Select(provider => (Provider: provider, Target: target))).ToList();
        if (order.Count == 0)
        {
            throw new RoutingException(503, RoutingCodes.ProviderUnavailable, $"Every provider of '{route.Requested}' is failing; try again shortly.");
        }

        var attempts = Math.Max(_routing.MaxAttempts, order.Count);
        var lastFailure = new AttemptFailure(RoutingCodes.ProviderUnavailable, "No provider answered.", null);
        ProviderState? previous = null;
        var waitedOut = new HashSet<ProviderState>();
        var retriesOfSame = 0;
        for (var attempt = 0; attempt < attempts; attempt++)
        {
            var (provider, target) = order[attempt % order.Count];
            if (provider == previous)
            {
                // Same provider again: back off (exponential with jitter) so a struggling upstream gets air, or as long
                // as it asked; one that asked for longer than we wait is not tried again in this call.
                var delay = _routing.RetryBaseDelay * Math.Pow(2, retriesOfSame++) * (0.5 + Random.Shared.NextDouble());
                if (lastFailure.RetryAfter is { } retryAfter)
                {
                    if (retryAfter > _routing.MaxRetryAfterWait || !waitedOut.Add(provider))
                    {
                        continue;
                    }

                    delay = retryAfter > delay ? retryAfter : delay;
                }

                await Task.Delay(delay, _time, cancellationToken);
            }

            previous = provider;
            if (!provider.Circuit.TryAcquire())
            {
                continue;
            }

            var (call, failure) = await AttemptAsync(provider, target, build, stream, cancellationToken);
            if (call is not null)
            {
                return call;
            }

            lastFailure = failure;
        }

        var status = lastFailure.Code == RoutingCodes.ProviderTimeout ? 504 : lastFailure.Code == RoutingCodes.ProviderUnavailable ? 503 : 502;
        throw new RoutingException(status, lastFailure.Code, $"No provider of '{route.Requested}' answered: {lastFailure.Message}", lastFailure.RetryAfter);
    }

    private async Task<(UpstreamCall? Call, AttemptFailure Failure)> AttemptAsync(ProviderState provider, string target,
        Func<ProviderState, string, HttpRequestMessage> build, bool stream, CancellationToken cancellationToken)
    {
        var lifetime = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        lifetime.CancelAfter(provider.Timeout);
        var started = Stopwatch.GetTimestamp();
        provider.Stats.Begin();
        HttpResponseMessage? response = null;
        try
        {
            using var request = build(provider, target);
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, lifetime.Token);
            if (IsRetryable(response.StatusCode))
            {
                var retryAfter = RetryAfter.Of(response, _time.GetUtcNow());
                var detail = await ReadErrorAsync(response, lifetime.Token);
                return (null, Fail(provider, started, lifetime, response,
                    new AttemptFailure(RoutingCodes.ProviderError, $"{provider.Name} answered {(int)response.StatusCode}: {detail}", retryAfter)));
            }

            if (!stream || !response.IsSuccessStatusCode)
            {
                await response.Content.LoadIntoBufferAsync(lifetime.Token);
            }

            // The answer is the caller's now: no more timeouts of ours, only the caller's own cancellation.
            lifetime.CancelAfter(Timeout.InfiniteTimeSpan);
            return (new UpstreamCall(provider, target, response, lifetime, started, Finish), default!);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested && IsTransport(exception))
        {
            var timedOut = exception is OperationCanceledException;
            var code = timedOut ? RoutingCodes.ProviderTimeout : RoutingCodes.ProviderUnavailable;
            var message = timedOut ? $"{provider.Name} did not answer within {provider.Timeout.TotalSeconds:0.###} s" : $"{provider.Name}: {exception.Message}";
            return (null, Fail(provider, started, lifetime, response, new AttemptFailure(code, message, null)));
        }
        catch
        {
            provider.Stats.End(Stopwatch.GetElapsedTime(started), false, null, _time.GetUtcNow());
            response?.Dispose();
            lifetime.Dispose();
            throw;
        }
    }

    private AttemptFailure Fail(ProviderState provider, long started, CancellationTokenSource lifetime, HttpResponseMessage? response, AttemptFailure failure)
    {
        var elapsed = Stopwatch.GetElapsedTime(started);
        provider.Stats.End(elapsed, true, failure.Message, _time.GetUtcNow());
        Metrics.Attempt(provider.Name, failure.Code, elapsed);
        var opened = provider.Circuit.RecordFailure();
        if (failure.RetryAfter is { } retryAfter)
        {
            // The provider said when it will take calls again: nobody sends it one before then.
            provider.Circuit.OpenFor(retryAfter);
            LogRetryAfter(provider.Name, retryAfter.TotalSeconds);
        }
        else if (opened)
        {
            LogCircuitOpened(provider.Name, failure.Message);
        }
        else
        {
            LogProviderFailed(provider.Name, failure.Message);
        }

        response?.Dispose();
        lifetime.Dispose();
        return failure;
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
            LogProbeOpenedCircuit(provider.Name);
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Circuit of AI provider {Provider} opened after {Error}")]
    private partial void LogCircuitOpened(string provider, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "AI provider {Provider} failed: {Error}")]
    private partial void LogProviderFailed(string provider, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "AI provider {Provider} asked to be left alone for {Seconds} s (Retry-After)")]
    private partial void LogRetryAfter(string provider, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Circuit of AI provider {Provider} opened after a failed probe")]
    private partial void LogProbeOpenedCircuit(string provider);

    private sealed record AttemptFailure(string Code, string Message, TimeSpan? RetryAfter);
}
