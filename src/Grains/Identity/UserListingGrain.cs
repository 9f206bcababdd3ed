using Orleans.Concurrency;
using PowerAutomation.Grains.Abstractions.Identity;
using PowerAutomation.Grains.Abstractions.Paging;

namespace PowerAutomation.Grains.Identity;

/// <summary>
/// Finds users in the <c>users</c> read model, then asks each user grain of the page for its edition, which depends
/// on licences and the time (a licence that expires hands over to the next best), so it is not stored anywhere.
/// </summary>
[StatelessWorker]
public sealed class UserListingGrain(IUserDirectory directory) : Grain, IUserListingGrain
{
    public async Task<Page<UserListItem>> List(string? query, PageKey? after, int limit)
    {
        limit = PageLimits.Clamp(limit);
        var rows = await directory.ListAsync(query, after, limit + 1);
        var page = Page<UserProfile>.FromRows(rows, limit, u => new PageKey(u.CreatedAt, u.UserId.ToString("N")));
        var entitlements = await Task.WhenAll(page.Items.Select(u => GrainFactory.GetGrain<IUserGrain>(u.UserId).GetEntitlements()));
        var items = page.Items.Zip(entitlements, (u, e) => new UserListItem(u.UserId, u.Email, u.DisplayName, u.Roles, u.Disabled, e.Edition, u.CreatedAt)).ToList();
        return new Page<UserListItem>(items, page.Next);
    }
}
