using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PowerAutomation.Grains.Abstractions.Identity;

namespace PowerAutomation.Grains.Identity;

/// <summary>Registration (and a claim) mails the verification link.</summary>
public sealed partial class EmailIndexGrain
{
    /// <summary>
    /// The account exists whatever happens here: a failure to queue the mail is logged, not thrown, so the caller
    /// is not told to retry a registration that succeeded. The user can ask for the mail again.
    /// </summary>
    private async Task SendVerificationAsync(Guid userId)
    {
        try
        {
            await GrainFactory.GetGrain<IUserGrain>(userId).SendVerificationEmail();
        }
        catch (Exception exception)
        {
            LogVerificationMailFailed(ServiceProvider.GetRequiredService<ILogger<EmailIndexGrain>>(), exception, userId);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Queueing the verification mail of user {UserId} failed; they can ask again")]
    private static partial void LogVerificationMailFailed(ILogger logger, Exception exception, Guid userId);
}
