using Orleans.Concurrency;
using PowerAutomation.Grains.Abstractions.Licensing;
using PowerAutomation.Grains.Abstractions.Paging;

namespace PowerAutomation.Grains.Licensing;

/// <summary>
/// Finds licences in the SQL index, then asks each licence grain of the page for its seats, expiry and revocation,
/// so those are exact now (seats change on every activation and lease lapse, which the index does not follow).
/// </summary>
[StatelessWorker]
public sealed class LicenseListingGrain(ILicenseDirectory directory, TimeProvider time) : Grain, ILicenseListingGrain
{
    public async Task<Page<LicenseListItem>> List(string? query, PageKey? after, int limit)
    {
        limit = PageLimits.Clamp(limit);
        var rows = await directory.ListAsync(query, after, limit + 1);
        var page = Page<(LicenseIndexEntry Entry, string Email)>.FromRows(rows, limit, r => new PageKey(r.Entry.IssuedAt, r.Entry.LicenseId));
        var details = await Task.WhenAll(page.Items.Select(r => GrainFactory.GetGrain<ILicenseGrain>(r.Entry.LicenseId).GetDetails()));
        var now = time.GetUtcNow();
        var items = page.Items.Zip(details, (row, live) => ToItem(row.Entry, row.Email, live, now)).ToList();
        return new Page<LicenseListItem>(items, page.Next);
    }

    private static LicenseListItem ToItem(LicenseIndexEntry entry, string email, LicenseDetails? live, DateTimeOffset now)
    {
        var summary = live?.Summary;
        var devices = live?.Devices.Count(d => d.LeaseExpiresAt > now) ?? 0;
        return new LicenseListItem(entry.LicenseId, entry.OwnerId, email, summary?.Edition ?? entry.Edition,
            summary?.ExpiresAt ?? entry.ExpiresAt, summary?.MaxDevices ?? entry.MaxDevices, devices,
            summary is null ? entry.Revoked : summary.RevokedBecause is not null, entry.IssuedAt);
    }
}
