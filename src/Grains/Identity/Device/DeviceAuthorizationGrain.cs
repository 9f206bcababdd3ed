using Microsoft.Extensions.Options;
using PowerAutomation.Grains.Abstractions;
using PowerAutomation.Grains.Abstractions.Audit;
using PowerAutomation.Grains.Abstractions.Identity;
using PowerAutomation.Grains.Abstractions.Identity.Device;
using PowerAutomation.Grains.Audit;

namespace PowerAutomation.Grains.Identity.Device;

/// <summary>
/// One device authorization (RFC 8628), keyed by the device code's hash. Persisted, so a pending sign-in survives a
/// silo; cleared (with its user code) once the tokens are handed out or it has expired. Not reentrant, so concurrent
/// polls after approval are served one at a time and only the first gets tokens.
/// </summary>
public sealed class DeviceAuthorizationGrain(
    [PersistentState("deviceAuthorization", StorageNames.Grains)] IPersistentState<DeviceGrantState> state,
    IOptions<DeviceAuthorizationOptions> options,
    IAuditLog auditLog,
    DeviceClock clock) : Grain, IDeviceAuthorizationGrain
{
    /// <summary>How long an expired authorization still answers <c>expired_token</c> before it is forgotten.</summary>
    private static readonly TimeSpan Grace = TimeSpan.FromMinutes(1);

    // Poll pacing needs no durability: after a silo loss the next poll is simply not "too fast".
    private DateTimeOffset? _lastPollAt;

    private IGrainTimer? _cleanup;

    private bool Exists => state.State.UserCode is not null;

    private DateTimeOffset Now => clock.Time.GetUtcNow();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (Exists)
        {
            ArmCleanup();
        }

        return Task.CompletedTask;
    }

    public async Task<DeviceGrantStarted> Start(DeviceGrantRequest request)
    {
        var settings = options.Value;
        if (!settings.ClientIds.Contains(request.ClientId, StringComparer.Ordinal))
        {
            return new DeviceGrantStarted(DeviceGrantStartStatus.InvalidClient, default, 0, 0);
        }

        if (Exists)
        {
            // The key is the hash of 256 random bits; a second start can only be a retry of the same one.
            return state.State.UserCode == request.UserCode
                ? new DeviceGrantStarted(DeviceGrantStartStatus.Started, state.State.ExpiresAt, state.State.IntervalSeconds, SecondsLeft())
                : new DeviceGrantStarted(DeviceGrantStartStatus.UserCodeTaken, default, 0, 0);
        }

        var now = Now;
        var expiresAt = now + settings.Lifetime;
        if (!await GrainFactory.GetGrain<IDeviceUserCodeGrain>(request.UserCode).Reserve(this.GetPrimaryKeyString(), expiresAt))
        {
            return new DeviceGrantStarted(DeviceGrantStartStatus.UserCodeTaken, default, 0, 0);
        }

        state.State.UserCode = request.UserCode;
        state.State.ClientId = request.ClientId;
        state.State.DeviceName = request.DeviceName;
        state.State.RequestedAt = now;
        state.State.ExpiresAt = expiresAt;
        state.State.IntervalSeconds = settings.IntervalSeconds;
        state.State.Status = DeviceGrantStatus.Pending;
        state.State.IpAddress = request.IpAddress;
        await state.WriteStateAsync();
        Audit(AuditKinds.DeviceRequested, null, request.ClientId, request.IpAddress, request.DeviceName);
        ArmCleanup();
        return new DeviceGrantStarted(DeviceGrantStartStatus.Started, expiresAt, settings.IntervalSeconds, SecondsLeft());
    }

    public Task<DeviceGrantInfo?> Describe()
    {
        if (!Exists)
        {
            return Task.FromResult<DeviceGrantInfo?>(null);
        }

        var s = state.State;
        var status = s.Status is DeviceGrantStatus.Pending or DeviceGrantStatus.Approved or DeviceGrantStatus.Denied && Now >= s.ExpiresAt
            ? DeviceGrantStatus.Expired
            : s.Status;
        return Task.FromResult<DeviceGrantInfo?>(new DeviceGrantInfo(s.ClientId, s.DeviceName, s.RequestedAt, s.ExpiresAt, status, s.IpAddress));
    }

    public async Task<DeviceDecisionStatus> Decide(DeviceDecision decision)
    {
        if (!Exists)
        {
            return DeviceDecisionStatus.Unknown;
        }

        if (Now >= state.State.ExpiresAt)
        {
            return DeviceDecisionStatus.Expired;
        }

        var wanted = decision.Approve ? DeviceGrantStatus.Approved : DeviceGrantStatus.Denied;
        if (state.State.Status != DeviceGrantStatus.Pending)
        {
            // Pressing the same button twice is fine; changing the answer, or someone else's answer, is not.
            return state.State.Status == wanted && state.State.DecidedBy == decision.UserId
                ? DeviceDecisionStatus.Recorded
                : DeviceDecisionStatus.AlreadyDecided;
        }

        state.State.Status = wanted;
        state.State.DecidedBy = decision.UserId;
        await state.WriteStateAsync();
        Audit(decision.Approve ? AuditKinds.DeviceApproved : AuditKinds.DeviceDenied, decision.UserId, decision.Email,
            decision.IpAddress, state.State.DeviceName ?? state.State.ClientId);
        return DeviceDecisionStatus.Recorded;
    }

    public async Task<DevicePollResult> Poll()
    {
        if (!Exists)
        {
            return new DevicePollResult(DevicePollStatus.Unknown, 0, null);
        }

        var now = Now;
        var s = state.State;
        var status = DevicePolling.Decide(s.Status, s.ExpiresAt, _lastPollAt, s.IntervalSeconds, now);
        _lastPollAt = now;
        switch (status)
        {
            case DevicePollStatus.SlowDown:
                s.IntervalSeconds = DevicePolling.SlowedDown(s.IntervalSeconds);
                await state.WriteStateAsync();
                break;
            case DevicePollStatus.Issued:
                return await IssueAsync();
        }

        return new DevicePollResult(status, s.IntervalSeconds, null);
    }

    private async Task<DevicePollResult> IssueAsync()
    {
        var s = state.State;

        // Spent before the session is opened: a crash in between costs the device a retry, never a second session.
        s.Status = DeviceGrantStatus.Issued;
        await state.WriteStateAsync();
        var session = await GrainFactory.GetGrain<IUserGrain>(s.DecidedBy!.Value).OpenDeviceSession(s.DeviceName ?? s.ClientId, s.IpAddress);
        var interval = s.IntervalSeconds;
        await ForgetAsync();
        return session.Status == SessionStatus.Succeeded
            ? new DevicePollResult(DevicePollStatus.Issued, interval, session)
            : new DevicePollResult(DevicePollStatus.Denied, interval, null);
    }

    private async Task ForgetAsync()
    {
        var userCode = state.State.UserCode;
        await state.ClearStateAsync();
        state.State = new DeviceGrantState();
        if (userCode is not null)
        {
            await GrainFactory.GetGrain<IDeviceUserCodeGrain>(userCode).Release(this.GetPrimaryKeyString());
        }

        _cleanup?.Dispose();
        _cleanup = null;
        DeactivateOnIdle();
    }

    /// <summary>Forgets the authorization a little after it expires; the timer keeps the grain until then.</summary>
    private void ArmCleanup()
    {
        _cleanup?.Dispose();
        var due = state.State.ExpiresAt + Grace - Now;
        _cleanup = this.RegisterGrainTimer(CleanupAsync,
            new GrainTimerCreationOptions(due > TimeSpan.Zero ? due : TimeSpan.Zero, Timeout.InfiniteTimeSpan) { KeepAlive = true });
    }

    private async Task CleanupAsync(CancellationToken cancellationToken)
    {
        if (!Exists)
        {
            return;
        }

        if (Now >= state.State.ExpiresAt + Grace)
        {
            await ForgetAsync();
        }
        else
        {
            ArmCleanup();
        }
    }

    private int SecondsLeft() => Math.Max(0, (int)(state.State.ExpiresAt - Now).TotalSeconds);

    private void Audit(string kind, Guid? userId, string? subject, string? ipAddress, string? detail) =>
        auditLog.Append(new AuditEvent(kind, userId, subject, ipAddress, detail, Now));
}
