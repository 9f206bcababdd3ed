using System.Diagnostics;

namespace PowerAutomation.Ai.Routing;

/// <summary>
/// A provider's answer, headers read (and for non-streamed calls the body buffered). Whoever consumes it calls
/// <see cref="Complete"/> once, so in-flight counts, latency and the circuit see how the call really ended.
/// </summary>
public sealed class UpstreamCall(ProviderState provider, string model, HttpResponseMessage response, CancellationTokenSource lifetime, long started, Action<UpstreamCall, bool, string?> finish)
    : IDisposable
{
    private int _completed;

    public ProviderState Provider { get; } = provider;

    /// <summary>The model that served the call: the target of the alias, or the model asked for.</summary>
    public string Model { get; } = model;

    public HttpResponseMessage Response { get; } = response;

    /// <summary>Cancelled when the caller goes away; reading the body under it stops the upstream call.</summary>
    public CancellationToken Token => lifetime.Token;

    public bool Succeeded => Response.IsSuccessStatusCode;

    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(started);

    public void Complete(bool failed, string? error = null)
    {
        if (Interlocked.Exchange(ref _completed, 1) == 0)
        {
            finish(this, failed, error);
        }
    }

    public void Dispose()
    {
        Complete(false);
        Response.Dispose();
        lifetime.Dispose();
    }
}

/// <summary>Why no provider answered: the stable code, the status the caller gets, and the last provider's Retry-After.</summary>
public sealed class RoutingException(int status, string code, string message, TimeSpan? retryAfter = null) : Exception(message)
{
    public int Status { get; } = status;

    public string Code { get; } = code;

    public TimeSpan? RetryAfter { get; } = retryAfter;
}

public static class RoutingCodes
{
    public const string ModelNotFound = "model_not_found";
    public const string ModelNotAllowed = "model_not_allowed";
    public const string ProviderUnavailable = "provider_unavailable";
    public const string ProviderTimeout = "provider_timeout";
    public const string ProviderError = "provider_error";
}
