using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using PowerAutomation.Grains.Abstractions;
using PowerAutomation.Grains.Abstractions.Audit;
using PowerAutomation.Grains.Abstractions.Identity;
using PowerAutomation.Grains.Audit;

namespace PowerAutomation.Grains.Identity;

/// <summary>
/// One user. Every change is written to storage before the call returns, so an acknowledged change survives
/// the loss of the silo. Password hashing (PBKDF2) runs on the thread pool, off the grain scheduler.
/// </summary>
public sealed partial class UserGrain(
    [PersistentState("user", StorageNames.Grains)] IPersistentState<UserState> state,
    IUserDirectory directory,
    IAuditLog auditLog,
    IOptions<AccountOptions> options,
    IOptions<Licensing.LicensingOptions> licensing,
    TimeProvider time) : Grain, IUserGrain
{
    private static readonly PasswordHasher<UserState> Hasher =
        new(Options.Create(new PasswordHasherOptions { IterationCount = PasswordRules.HashIterations }));

    private Guid UserId => this.GetPrimaryKey();

    private bool Exists => state.State.Email is not null;

    public async Task<UserProfile> Create(Registration registration)
    {
        if (Exists && state.State.Email != registration.Email)
        {
            throw new InvalidOperationException($"User {UserId} already exists with another e-mail.");
        }

        state.State.Email = registration.Email;
        state.State.DisplayName = string.IsNullOrWhiteSpace(registration.DisplayName)
            ? registration.Email[..registration.Email.IndexOf('@')]
            : registration.DisplayName.Trim();
        state.State.Roles = registration.Roles.Append(Roles.Member).Distinct().Order().ToList();
        state.State.CreatedAt = time.GetUtcNow();
        state.State.PasswordHash = await HashAsync(registration.Password);
        await state.WriteStateAsync();

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
        state.State.PasswordHash = await HashAsync(password);
        await state.WriteStateAsync();
        Audit(AuditKinds.PasswordChanged, null);
    }

    private UserProfile ToProfile() => new(
        UserId,
        state.State.Email!,
        state.State.DisplayName,
        state.State.Roles,
        state.State.TotpSecret is not null,
        state.State.CreatedAt);

    private void EnsureExists()
    {
        if (!Exists)
        {
            throw new InvalidOperationException($"User {UserId} does not exist.");
        }
    }

    private void Audit(string kind, string? detail, string? ipAddress = null) =>
        auditLog.Append(new AuditEvent(kind, UserId, state.State.Email, ipAddress, detail, time.GetUtcNow()));

    private static Task<string> HashAsync(string password)
    {
        var weakness = PasswordRules.Weakness(password);
        if (weakness is not null)
        {
            throw new ArgumentException(weakness, nameof(password));
        }

        return Task.Run(() => Hasher.HashPassword(null!, password));
    }
}
