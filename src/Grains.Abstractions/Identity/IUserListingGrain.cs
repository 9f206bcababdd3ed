using PowerAutomation.Grains.Abstractions.Paging;

namespace PowerAutomation.Grains.Abstractions.Identity;

/// <summary>Users for administrators, newest first, from the <c>users</c> read model (stateless, any silo answers).</summary>
[Alias("pa.IUserListingGrain")]
public interface IUserListingGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Users whose e-mail or display name starts with <paramref name="query"/> (case-insensitive; everyone when null),
    /// after <paramref name="after"/>, each with the edition their licences give them now.
    /// </summary>
    [Alias("List")]
    Task<Page<UserListItem>> List(string? query, PageKey? after, int limit);
}
