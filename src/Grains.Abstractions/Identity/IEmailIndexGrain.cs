namespace PowerAutomation.Grains.Abstractions.Identity;

/// <summary>
/// Keyed by a normalised e-mail address: the one place that decides whether an address is taken,
/// and the lookup from address to user id.
/// </summary>
[Alias("pa.IEmailIndexGrain")]
public interface IEmailIndexGrain : IGrainWithStringKey
{
    /// <summary>
    /// Creates the account for this address unless it already belongs to someone. An account made for the address
    /// without a password (by a licence) is claimed instead: it gets the password and is reported as created.
    /// </summary>
    [Alias("Register")]
    Task<RegistrationResult> Register(Registration registration);

    /// <summary>The owner of this address, creating an unclaimed account (no password) when there is none.</summary>
    [Alias("ProvideAccount")]
    Task<Guid> ProvideAccount();

    /// <summary>The user owning this address, or null.</summary>
    [Alias("Find")]
    Task<Guid?> Find();
}
