using PowerAutomation.Grains.Abstractions;
using PowerAutomation.Grains.Abstractions.Audit;
using PowerAutomation.Grains.Abstractions.Identity;
using PowerAutomation.Grains.Audit;

namespace PowerAutomation.Grains.Identity;

/// <summary>
/// Decides who owns an address. Registration is crash-safe in three steps: reserve a user id, create the
/// user, confirm. A crash between steps leaves an unconfirmed reservation that the next attempt reuses.
/// </summary>
public sealed partial class EmailIndexGrain(
    [PersistentState("emailIndex", StorageNames.Grains)] IPersistentState<EmailIndexState> state,
    IAuditLog auditLog,
    TimeProvider time) : Grain, IEmailIndexGrain
{
    private string Email => this.GetPrimaryKeyString();

    public async Task<RegistrationResult> Register(Registration registration)
    {
        if (!string.Equals(EmailAddress.Normalize(registration.Email), Email, StringComparison.Ordinal))
        {
            throw new ArgumentException("The registration's e-mail does not belong to this index entry.", nameof(registration));
        }

        if (state.State is { Confirmed: true, UserId: { } owner })
        {
            // An account a licence made for this address has no password yet: registering claims it, licence and all.
            var claimed = await GrainFactory.GetGrain<IUserGrain>(owner).Claim(registration with { Email = Email });
            if (claimed is not null)
            {
                // The claim counts (licences, invitations) once the address is verified: mail the link.
                await SendVerificationAsync(owner);
            }

            return new RegistrationResult(claimed is null ? RegistrationStatus.EmailTaken : RegistrationStatus.Created, owner);
        }

        var userId = await ReserveAsync();
        await GrainFactory.GetGrain<IUserGrain>(userId).Create(registration with { Email = Email });
        await ConfirmAsync(userId, null);
        await SendVerificationAsync(userId);
        return new RegistrationResult(RegistrationStatus.Created, userId);
    }

    public async Task<Guid> ProvideAccount()
    {
        if (state.State is { Confirmed: true, UserId: { } owner })
        {
            return owner;
        }

        var userId = await ReserveAsync();
        await GrainFactory.GetGrain<IUserGrain>(userId).CreateUnclaimed(Email);
        await ConfirmAsync(userId, "unclaimed");
        return userId;
    }

    public Task<Guid?> Find() => Task.FromResult(state.State.Confirmed ? state.State.UserId : null);

    private async Task<Guid> ReserveAsync()
    {
        if (state.State.UserId is null)
        {
            state.State.UserId = Guid.NewGuid();
            await state.WriteStateAsync();
        }

        return state.State.UserId.Value;
    }

    private async Task ConfirmAsync(Guid userId, string? detail)
    {
        state.State.Confirmed = true;
        await state.WriteStateAsync();
        auditLog.Append(new AuditEvent(AuditKinds.UserRegistered, userId, Email, null, detail, time.GetUtcNow()));
    }
}

[GenerateSerializer, Alias("pa.EmailIndexState")]
public sealed class EmailIndexState
{
    [Id(0)] public Guid? UserId { get; set; }

    [Id(1)] public bool Confirmed { get; set; }
}
