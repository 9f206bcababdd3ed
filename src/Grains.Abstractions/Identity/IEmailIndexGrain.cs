namespace PowerAutomation.Grains.Abstractions.Identity;

/// <summary>
/// Keyed by a normalised e-mail address: the one place that decides whether an address is taken,
/// and the lookup from address to user id.
/// </summary>
[Alias("pa.IEmailIndexGrain")]
public interface IEmailIndexGrain : IGrainWithStringKey
{
    /// <summary>Creates the account for this address unless it already belongs to someone.</summary>
    [Alias("Register")]
    Task<RegistrationResult> Register(Registration registration);

    /// <summary>The user owning this address, or null.</summary>
    [Alias("Find")]
    Task<Guid?> Find();
}
