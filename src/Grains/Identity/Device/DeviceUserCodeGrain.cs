using PowerAutomation.Grains.Abstractions;
using PowerAutomation.Grains.Abstractions.Identity.Device;

namespace PowerAutomation.Grains.Identity.Device;

/// <summary>
/// Maps one user code to its device authorization, so whichever gateway the browser reaches finds it. A code left
/// behind by an authorization that never released it (a lost silo) is taken over once it is well past its expiry.
/// </summary>
public sealed class DeviceUserCodeGrain(
    [PersistentState("deviceUserCode", StorageNames.Grains)] IPersistentState<DeviceUserCodeState> state,
    DeviceClock clock) : Grain, IDeviceUserCodeGrain
{
    private static readonly TimeSpan Abandoned = TimeSpan.FromHours(1);

    public async Task<bool> Reserve(string deviceCodeHash, DateTimeOffset expiresAt)
    {
        if (state.State.DeviceCodeHash is { } holder && holder != deviceCodeHash && !IsAbandoned)
        {
            return false;
        }

        state.State.DeviceCodeHash = deviceCodeHash;
        state.State.ExpiresAt = expiresAt;
        await state.WriteStateAsync();
        return true;
    }

    public Task<string?> Find() => Task.FromResult(IsAbandoned ? null : state.State.DeviceCodeHash);

    public async Task Release(string deviceCodeHash)
    {
        if (state.State.DeviceCodeHash == deviceCodeHash)
        {
            await state.ClearStateAsync();
            DeactivateOnIdle();
        }
    }

    private bool IsAbandoned => state.State.DeviceCodeHash is not null && clock.Time.GetUtcNow() > state.State.ExpiresAt + Abandoned;
}
