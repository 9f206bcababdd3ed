using PowerAutomation.Grains.Abstractions;
using PowerAutomation.Grains.Abstractions.Audit;
using PowerAutomation.Grains.Abstractions.Identity;
using PowerAutomation.Grains.Audit;

namespace PowerAutomation.Grains.Identity;

/// <summary>
/// Decides who owns an address. Registration is crash-safe in three steps: reserve a user id, create the
/// user, confirm. A crash between steps leaves an unconfirmed reservation that the next attempt reuses.
/// </summary>
public sealed class EmailIndexGrain(
    [PersistentState("emailIndex", StorageNames.Grains)] IPersistentState<EmailIndexState> state,
    IAuditLog auditLog,
    TimeProvider time) : Grain, IEmailIndexGrain
{
    public async Task<RegistrationResult> Register(Registration registration)
    {
        var email = this.GetPrimaryKeyString();
        if (!string.Equals(EmailAddress.Normalize(registration.Email), email, StringComparison.Ordinal))
        {
            throw new ArgumentException("The registration's e-mail does not belong to this index entry.", nameof(registration));
        }

        if (state.State is { Confirmed: true, UserId: { } owner })
        {
            return new RegistrationResult(RegistrationStatus.EmailTaken, owner);
        }

        if (state.State.UserId is null)
        {
            state.State.UserId = Guid.NewGuid();
            await state.WriteStateAsync();
        }

        var userId = state.State.UserId.Value;
        await GrainFactory.GetGrain<IUserGrain>(userId).Create(registration with { Email = email });

        state.State.Confirmed = true;
        await state.WriteStateAsync();
        auditLog.Append(new AuditEvent(AuditKinds.UserRegistered, userId, email, null, null, time.GetUtcNow()));
        return new RegistrationResult(RegistrationStatus.Created, userId);
    }

    public Task<Guid?> Find() => Task.FromResult(state.State.Confirmed ? state.State.UserId : null);
}

[GenerateSerializer, Alias("pa.EmailIndexState")]
public sealed class EmailIndexState
{
    [Id(0)] public Guid? UserId { get; set; }

    [Id(1)] public bool Confirmed { get; set; }
}
