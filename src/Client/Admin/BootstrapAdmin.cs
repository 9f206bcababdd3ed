using PowerAutomation.Grains.Abstractions.Identity;

namespace PowerAutomation.Client.Admin;

/// <summary>Creates an administrator, or promotes the existing account with that e-mail.</summary>
public static class BootstrapAdmin
{
    public static async Task<BootstrapOutcome> RunAsync(IClusterClient cluster, string email, string password)
    {
        var normalized = EmailAddress.Normalize(email)
            ?? throw new ArgumentException($"'{email}' is not a valid e-mail address.", nameof(email));
        var index = cluster.GetGrain<IEmailIndexGrain>(normalized);
        var existing = await index.Find();
        if (existing is { } userId)
        {
            await cluster.GetGrain<IUserGrain>(userId).GrantRole(Roles.Admin);
            return new BootstrapOutcome(userId, Created: false);
        }

        if (PasswordRules.Weakness(password) is { } weakness)
        {
            throw new ArgumentException(weakness, nameof(password));
        }

        var result = await index.Register(new Registration(normalized, password, null, [Roles.Admin]));
        if (result.Status == RegistrationStatus.EmailTaken)
        {
            // Registered concurrently by someone else: promote that account instead.
            await cluster.GetGrain<IUserGrain>(result.UserId).GrantRole(Roles.Admin);
            return new BootstrapOutcome(result.UserId, Created: false);
        }

        return new BootstrapOutcome(result.UserId, Created: true);
    }
}

public sealed record BootstrapOutcome(Guid UserId, bool Created);
