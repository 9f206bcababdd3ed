using PowerAutomation.Grains.Abstractions.Identity;
using PowerAutomation.Grains.Abstractions.Paging;

namespace PowerAutomation.Grains.Identity;

/// <summary>The SQL read model of users (the <c>users</c> table), kept in step by each user grain.</summary>
public interface IUserDirectory
{
    Task UpsertAsync(UserProfile profile, CancellationToken cancellationToken = default);

    /// <summary>
    /// Up to <paramref name="take"/> users strictly after <paramref name="after"/>, newest first, whose e-mail or display
    /// name starts with <paramref name="query"/> (case-insensitive, both served by indexes); everyone when it is null.
    /// </summary>
    Task<IReadOnlyList<UserProfile>> ListAsync(string? query, PageKey? after, int take, CancellationToken cancellationToken = default);

    /// <summary>How many users hold the admin role and are not disabled.</summary>
    Task<int> CountEnabledAdminsAsync(CancellationToken cancellationToken = default);
}
