using PowerAutomation.Grains.Abstractions.Identity;
using PowerAutomation.Grains.Abstractions.Paging;

namespace PowerAutomation.Grains.Identity;

/// <summary>The SQL read model of users (the <c>users</c> table), kept in step by each user grain.</summary>
public interface IUserDirectory
{
    Task UpsertAsync(UserProfile profile, CancellationToken cancellationToken = default);

    /// <summary>
    /// Up to <paramref name="take"/> users strictly after <paramref name="after"/>, newest first, whose e-mail or display
    /// name contains <paramref name="query"/> (case-insensitive); everyone when it is null.
    /// </summary>
    Task<IReadOnlyList<UserProfile>> ListAsync(string? query, PageKey? after, int take, CancellationToken cancellationToken = default);
}
