using PowerAutomation.Grains.Abstractions.Paging;

namespace PowerAutomation.Grains.Abstractions.Licensing;

/// <summary>Licences for administrators, newest issued first, from the <c>licenses</c> index (stateless, any silo answers).</summary>
[Alias("pa.ILicenseListingGrain")]
public interface ILicenseListingGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Licences whose owner's e-mail contains <paramref name="query"/> (case-insensitive), or whose id it is; all when
    /// null. Seats, expiry and revocation come from each licence grain, so they are exact now.
    /// </summary>
    [Alias("List")]
    Task<Page<LicenseListItem>> List(string? query, PageKey? after, int limit);
}
