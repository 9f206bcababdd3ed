using PowerAutomation.Grains.Abstractions.Licensing;

namespace PowerAutomation.Grains.Identity;

/// <summary>What the user's own and the administrators' lists read from the user grain.</summary>
public sealed partial class UserGrain
{
    public Task<IReadOnlyList<LicenseSummary>> GetLicenses() =>
        Task.FromResult<IReadOnlyList<LicenseSummary>>(state.State.Licenses.Values.Where(license => !IsHeld(license)).ToList());

    public Task Reindex() => Exists ? directory.UpsertAsync(ToProfile()) : Task.CompletedTask;
}
