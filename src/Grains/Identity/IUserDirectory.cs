using PowerAutomation.Grains.Abstractions.Identity;

namespace PowerAutomation.Grains.Identity;

/// <summary>The SQL read model of users (the <c>users</c> table), kept in step by each user grain.</summary>
public interface IUserDirectory
{
    Task UpsertAsync(UserProfile profile, CancellationToken cancellationToken = default);
}
