using Microsoft.Extensions.Options;
using PowerAutomation.Grains.Abstractions.Identity;

namespace PowerAutomation.Grains.Identity;

/// <summary>
/// Failed-login counter for one account or client address. Kept in memory: a silo loss forgets recent
/// failures, which only loosens throttling briefly and never locks anyone out wrongly.
/// </summary>
public sealed class LoginThrottleGrain(IOptions<AccountOptions> options, TimeProvider time) : Grain, ILoginThrottleGrain
{
    private LoginThrottlePolicy? _policy;

    private LoginThrottlePolicy Policy => _policy ??= CreatePolicy();

    public Task<TimeSpan> RetryAfter() => Task.FromResult(Policy.RetryAfter(time.GetUtcNow()));

    public Task<TimeSpan> TryReserve() => Task.FromResult(Policy.TryReserve(time.GetUtcNow()));

    public Task Release()
    {
        Policy.Release();
        return Task.CompletedTask;
    }

    public Task Reset()
    {
        Policy.Reset();
        return Task.CompletedTask;
    }

    private LoginThrottlePolicy CreatePolicy()
    {
        var settings = options.Value;
        var allowed = this.GetPrimaryKeyString().StartsWith("ip:", StringComparison.Ordinal)
            ? settings.AddressFailuresAllowed
            : settings.AccountFailuresAllowed;
        return new LoginThrottlePolicy(allowed, settings.FailureWindow, settings.BaseLockout, settings.MaxLockout);
    }
}
