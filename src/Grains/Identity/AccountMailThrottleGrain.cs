using PowerAutomation.Grains.Abstractions.Identity;

namespace PowerAutomation.Grains.Identity;

/// <summary>
/// Counts account-mail requests for one key. Memory only: a silo loss forgets recent requests, which loosens the
/// bound briefly and never refuses anyone wrongly.
/// </summary>
public sealed class AccountMailThrottleGrain(TimeProvider time) : Grain, IAccountMailThrottleGrain
{
    private readonly RequestWindow _window = new();

    public Task<TimeSpan> TryTake(int allowed, TimeSpan window) => Task.FromResult(_window.TryTake(time.GetUtcNow(), allowed, window));
}
