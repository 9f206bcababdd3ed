using PowerAutomation.Grains.Abstractions.Licensing;
using PowerAutomation.Grains.Abstractions.Paging;

namespace PowerAutomation.Grains.Licensing;

/// <summary>The <c>licenses</c> index: what administrators search licences by, kept in step by each licence grain.</summary>
public interface ILicenseDirectory
{
    Task UpsertAsync(LicenseIndexEntry entry, CancellationToken cancellationToken = default);

    /// <summary>
    /// Up to <paramref name="take"/> licences strictly after <paramref name="after"/>, newest issued first, whose owner's
    /// e-mail contains <paramref name="query"/> (case-insensitive) or whose id it is; with the owner's e-mail.
    /// </summary>
    Task<IReadOnlyList<(LicenseIndexEntry Entry, string Email)>> ListAsync(
        string? query, PageKey? after, int take, CancellationToken cancellationToken = default);
}
