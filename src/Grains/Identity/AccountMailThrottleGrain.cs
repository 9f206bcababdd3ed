using Microsoft.Extensions.Options;
using PowerAutomation.Grains.Abstractions.Identity;

namespace PowerAutomation.Grains.Identity;

/// <summary>
/// How often account mail may be asked for, by key prefix (see <see cref="IAccountMailThrottleGrain"/>). Memory only:
/// a silo loss forgets recent requests, which loosens the bound briefly and never refuses anyone wrongly.
/// </summary>
public sealed class AccountMailThrottleGrain(IOptions<AccountMailOptions> options, TimeProvider time) : Grain, IAccountMailThrottleGrain
{
    public const string ResetAddress = "reset-address:";
    public const string ResetClient = "reset-ip:";
    public const string VerifyUser = "verify-user:";

    private RequestWindow? _window;

    public Task<TimeSpan> TryTake() => Task.FromResult((_window ??= CreateWindow()).TryTake(time.GetUtcNow()));

    private RequestWindow CreateWindow()
    {
        var settings = options.Value;
        var key = this.GetPrimaryKeyString();
        var allowed = key.StartsWith(ResetClient, StringComparison.Ordinal) ? settings.ResetsPerClientAddress
            : key.StartsWith(VerifyUser, StringComparison.Ordinal) ? settings.VerificationMailsPerUser
            : settings.ResetsPerAddress;
        return new RequestWindow(allowed, settings.Window);
    }
}
