using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.Extensions.Options;
using PowerAutomation.Gateway.Errors;
using PowerAutomation.Grains.Abstractions.Identity;

namespace PowerAutomation.Gateway.Identity;

/// <summary>
/// The revocation check of access tokens: a token's user must be enabled and its session (<c>sid</c>) open. The user
/// grain is asked at most once per <see cref="TokenOptions.RevocationCheckInterval"/> per session on each gateway, so
/// an ended session or a disabled user is refused everywhere within that interval (plus one call's latency).
/// </summary>
public sealed class SessionChecks(IClusterClient cluster, IOptions<TokenOptions> options, TimeProvider time)
{
    /// <summary>Remembered answers; past this many, the expired ones go (and, if none had, all of them).</summary>
    private const int MaxEntries = 100_000;

    private readonly ConcurrentDictionary<(Guid User, Guid? Session), (SessionCheck Check, DateTimeOffset At)> _answers = new();

    public TimeSpan Interval => options.Value.RevocationCheckInterval;

    /// <summary>The stable code that refuses this principal now (<c>session_ended</c>, <c>account_disabled</c>), or null.</summary>
    public async ValueTask<string?> RefusalAsync(ClaimsPrincipal principal)
    {
        if (!Guid.TryParse(principal.FindFirst(GatewayClaims.Subject)?.Value, out var userId))
        {
            return ErrorCodes.InvalidToken;
        }

        Guid? sessionId = Guid.TryParse(principal.FindFirst(GatewayClaims.Session)?.Value, out var sid) ? sid : null;
        var key = (userId, sessionId);
        var now = time.GetUtcNow();
        if (!_answers.TryGetValue(key, out var known) || now - known.At >= Interval)
        {
            known = (await cluster.GetGrain<IUserGrain>(userId).CheckSession(sessionId), now);
            Remember(key, known, now);
        }

        return Refusal(known.Check);
    }

    public static string? Refusal(SessionCheck check) => check switch
    {
        SessionCheck.Active => null,
        SessionCheck.Disabled => ErrorCodes.AccountDisabled,
        SessionCheck.Ended => ErrorCodes.SessionEnded,
        _ => ErrorCodes.InvalidToken,
    };

    /// <summary>
    /// Checks <paramref name="principal"/> every interval until it is refused (then calls <paramref name="refused"/> with the
    /// code) or <paramref name="cancellation"/> ends: long-lived connections are held to what their token is worth now.
    /// </summary>
    public async Task WatchAsync(ClaimsPrincipal principal, Func<string, Task> refused, CancellationToken cancellation)
    {
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellation))
            {
                if (await RefusalAsync(principal) is { } code)
                {
                    await refused(code);
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The connection ended first.
        }
    }

    private void Remember((Guid, Guid?) key, (SessionCheck, DateTimeOffset) answer, DateTimeOffset now)
    {
        if (_answers.Count >= MaxEntries)
        {
            foreach (var stale in _answers.Where(a => now - a.Value.At >= Interval).Select(a => a.Key).ToList())
            {
                _answers.TryRemove(stale, out _);
            }

            if (_answers.Count >= MaxEntries)
            {
                _answers.Clear();
            }
        }

        _answers[key] = answer;
    }
}

/// <summary>A token that was valid when signed, refused now: its session ended or its user was disabled.</summary>
public sealed class TokenRefusedException(string code) : Exception($"The token was refused: {code}.")
{
    public string Code { get; } = code;
}
