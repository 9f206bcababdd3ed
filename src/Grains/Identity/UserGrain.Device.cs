using PowerAutomation.Grains.Abstractions.Audit;
using PowerAutomation.Grains.Abstractions.Identity;

namespace PowerAutomation.Grains.Identity;

/// <summary>Device sign-in (RFC 8628): a session the account's owner approved in the browser, no password here.</summary>
public sealed partial class UserGrain
{
    public async Task<SessionResult> OpenDeviceSession(string deviceName, string? ipAddress)
    {
        // Checked again here, not only at approval: the account may have been disabled since.
        if (!Exists || state.State.Disabled)
        {
            return SessionResult.Failed(SessionStatus.InvalidCredentials);
        }

        var token = OpenSession(new SessionOrigin(deviceName, ipAddress, null));
        await state.WriteStateAsync();
        Audit(AuditKinds.DeviceTokenIssued, deviceName, ipAddress);
        return new SessionResult(SessionStatus.Succeeded, ToProfile(), token.ToString());
    }
}
