using OtpNet;
using PowerAutomation.Grains.Abstractions.Audit;
using PowerAutomation.Grains.Abstractions.Identity;

namespace PowerAutomation.Grains.Identity;

/// <summary>TOTP (RFC 6238) enrolment and verification, with one step of clock drift and no code replay.</summary>
public sealed partial class UserGrain
{
    private const string Issuer = "PowerAutomation";

    public async Task<TotpEnrolment> BeginTotpEnrolment()
    {
        EnsureExists();
        var secret = Base32Encoding.ToString(KeyGeneration.GenerateRandomKey(20));
        state.State.PendingTotpSecret = secret;
        await state.WriteStateAsync();
        Audit(AuditKinds.MfaEnrolmentStarted, null);

        var uri = new OtpUri(OtpType.Totp, secret, state.State.Email, Issuer).ToString();
        return new TotpEnrolment(secret, uri);
    }

    public async Task<bool> ConfirmTotp(string code)
    {
        EnsureExists();
        var pending = state.State.PendingTotpSecret;
        if (pending is null || !TryAcceptTotp(pending, code))
        {
            return false;
        }

        state.State.TotpSecret = pending;
        state.State.PendingTotpSecret = null;
        await state.WriteStateAsync();
        Audit(AuditKinds.MfaEnabled, null);
        return true;
    }

    /// <summary>Accepts a code once: the matched time step must be newer than the last one used.</summary>
    private bool TryAcceptTotp(string base32Secret, string code)
    {
        if (code.Length != 6 || !code.All(char.IsAsciiDigit))
        {
            return false;
        }

        var totp = new Totp(Base32Encoding.ToBytes(base32Secret));
        var now = time.GetUtcNow().UtcDateTime;
        if (!totp.VerifyTotp(now, code, out var step, VerificationWindow.RfcSpecifiedNetworkDelay)
            || step <= state.State.LastTotpStep)
        {
            return false;
        }

        state.State.LastTotpStep = step;
        return true;
    }
}
