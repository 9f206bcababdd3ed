using Microsoft.Extensions.Options;
using PowerAutomation.Grains.Abstractions;
using PowerAutomation.Grains.Abstractions.Audit;
using PowerAutomation.Grains.Abstractions.Identity;
using PowerAutomation.Grains.Audit;

namespace PowerAutomation.Grains.Identity;

/// <summary>
/// One user. Every change is written to storage before the call returns, so an acknowledged change survives
/// the loss of the silo. Passwords go through <see cref="IPasswordHashing"/>, off the grain scheduler.
/// </summary>
public sealed partial class UserGrain(
    [PersistentState("user", StorageNames.Grains)] IPersistentState<UserState> state,
    IUserDirectory directory,
    IAuditLog auditLog,
    IPasswordHashing passwords,
    IOptions<AccountOptions> options,
    IOptions<Licensing.LicensingOptions> licensing,
    Security.SecretSealer sealer,
    TimeProvider time) : Grain, IUserGrain
{
    private Guid UserId => this.GetPrimaryKey();

    private bool Exists => state.State.Email is not null;

    public async Task<UserProfile> Create(Registration registration)
    {
        if (Exists && state.State.Email != registration.Email)
        {
            throw new InvalidOperationException($"User {UserId} already exists with another e-mail.");
        }

        // Everything that can refuse comes first, so a refusal leaves the state untouched.
        var displayName = DisplayNameOf(registration);
        var passwordHash = await passwords.HashAsync(registration.Password);
        state.State.Email = registration.Email;
        state.State.DisplayName = displayName;
        state.State.Roles = registration.Roles.Append(Roles.Member).Distinct().Order().ToList();
        state.State.CreatedAt = time.GetUtcNow();
        state.State.PasswordHash = passwordHash;
        state.State.EmailVerified = false;
        await state.WriteStateAsync();

        var profile = ToProfile();
        await directory.UpsertAsync(profile);
        return profile;
    }

    public async Task<UserProfile> CreateUnclaimed(string email)
    {
        if (Exists && state.State.Email != email)
        {
            throw new InvalidOperationException($"User {UserId} already exists with another e-mail.");
        }

        // No password at all: nobody can sign in until the address's owner claims the account by registering.
        state.State.Email = email;
        state.State.DisplayName = email[..email.IndexOf('@')];
        state.State.Roles = [Roles.Member];
        state.State.CreatedAt = time.GetUtcNow();
        state.State.PasswordHash = null;
        state.State.EmailVerified = false;
        await state.WriteStateAsync();

        var profile = ToProfile();
        await directory.UpsertAsync(profile);
        return profile;
    }

    public async Task<UserProfile?> Claim(Registration registration)
    {
        if (!Exists || state.State.PasswordHash is not null || state.State.Email != registration.Email
            || state.State.OidcLinks.Count > 0) // A provider's user signs in without a password; registering must not take it.
        {
            return null;
        }

        var displayName = string.IsNullOrWhiteSpace(registration.DisplayName) ? state.State.DisplayName : DisplayNameOf(registration);
        state.State.PasswordHash = await passwords.HashAsync(registration.Password);
        state.State.DisplayName = displayName;

        state.State.Roles = state.State.Roles.Concat(registration.Roles).Append(Roles.Member).Distinct().Order().ToList();

        // Whoever registers first gets the account; the e-mail verification issue must require proof of the address.
        state.State.EmailVerified = false;
        await state.WriteStateAsync();
        Audit(AuditKinds.UserClaimed, null);

        var profile = ToProfile();
        await directory.UpsertAsync(profile);
        return profile;
    }

    public Task<UserProfile?> GetProfile() => Task.FromResult(Exists ? ToProfile() : null);

    public async Task<UserProfile> GrantRole(string role)
    {
        EnsureExists();
        if (!Roles.IsKnown(role))
        {
            throw new ArgumentException($"Unknown role '{role}'.", nameof(role));
        }

        if (!state.State.Roles.Contains(role))
        {
            state.State.Roles = state.State.Roles.Append(role).Order().ToList();
            await state.WriteStateAsync();
            Audit(AuditKinds.RoleGranted, role);
        }

        var profile = ToProfile();
        await directory.UpsertAsync(profile);
        return profile;
    }

    public async Task SetPassword(string password)
    {
        EnsureExists();
        state.State.PasswordHash = await passwords.HashAsync(password);
        await state.WriteStateAsync();
        Audit(AuditKinds.PasswordChanged, null);
    }

    private static string DisplayNameOf(Registration registration)
    {
        if (string.IsNullOrWhiteSpace(registration.DisplayName))
        {
            return registration.Email[..registration.Email.IndexOf('@')];
        }

        return DisplayNames.Check(registration.DisplayName, out var problem)
            ?? throw new ArgumentException(problem, nameof(registration));
    }

    private UserProfile ToProfile() => new(
        UserId,
        state.State.Email!,
        state.State.DisplayName,
        state.State.Roles,
        state.State.TotpSecret is not null,
        state.State.CreatedAt)
    {
        EmailVerified = state.State.EmailVerified,
        Disabled = state.State.Disabled,
    };

    private void EnsureExists()
    {
        if (!Exists)
        {
            throw new InvalidOperationException($"User {UserId} does not exist.");
        }
    }

    private void Audit(string kind, string? detail, string? ipAddress = null) =>
        auditLog.Append(new AuditEvent(kind, UserId, state.State.Email, ipAddress, detail, time.GetUtcNow()));
}
