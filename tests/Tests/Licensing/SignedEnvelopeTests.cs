using System.Security.Cryptography;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using PowerAutomation.Client.Licensing;
using PowerAutomation.Grains.Abstractions.Licensing;

namespace PowerAutomation.Tests.Licensing;

public sealed class SignedEnvelopeTests
{
    private static readonly ECDsa Key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private static readonly LicenseKeySet Keys = new([("k1", Key)]);
    private static readonly long Future = DateTimeOffset.UtcNow.AddYears(1).ToUnixTimeSeconds();

    private static readonly string LicenseKey = SignedEnvelope.Sign(SignedEnvelope.LicensePrefix, new LicenseClaims(
        "lic-1", Guid.NewGuid().ToString(), Editions.Professional, ["ai", "sync"], new QuotaLimits(AiRequestsPerDay: 3), 2,
        DateTimeOffset.UtcNow.ToUnixTimeSeconds(), Future, "k1"), Key);

    private static readonly string Certificate = SignedEnvelope.Sign(SignedEnvelope.ActivationPrefix, new ActivationClaims(
        "lic-1", "device-a", Guid.NewGuid().ToString(), Editions.Professional, ["ai"], DateTimeOffset.UtcNow.ToUnixTimeSeconds(), Future, Future, "k1"), Key);

    [Fact]
    public void LicenseKey_HasTheDocumentedShapeAndOpens()
    {
        Assert.Matches(@"^PA1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{86}$", LicenseKey);
        Assert.True(Keys.TryOpenLicense(LicenseKey, out var claims));
        Assert.Equal(("lic-1", Editions.Professional, 2, 3L), (claims!.LicenseId, claims.Edition, claims.MaxDevices, claims.Limits.AiRequestsPerDay));

        // The payload is plain JSON with the fields API.md lists.
        var payload = Encoding.UTF8.GetString(Convert.FromBase64String(Pad(LicenseKey.Split('.')[1])));
        foreach (var field in new[] { "lid", "sub", "edition", "features", "limits", "maxDevices", "iat", "exp", "kid" })
        {
            Assert.Contains($"\"{field}\":", payload);
        }
    }

    [Fact]
    public void AnySingleByteChange_ToLicenseKey_IsRejected() =>
        EveryMutationRejected(LicenseKey, mutated => Keys.TryOpenLicense(mutated, out _));

    [Fact]
    public void AnySingleByteChange_ToCertificate_IsRejected() =>
        EveryMutationRejected(Certificate, mutated => Keys.TryOpenActivation(mutated, out _));

    [Fact]
    public void EveryPositionAndNeighbouringCharacter_IsRejected()
    {
        // Exhaustive over positions for the cheapest changes: off-by-one characters (the base64 tail bits trap).
        for (var i = 0; i < LicenseKey.Length; i++)
        {
            foreach (var delta in new[] { -1, 1 })
            {
                var mutated = LicenseKey[..i] + (char)(LicenseKey[i] + delta) + LicenseKey[(i + 1)..];
                Assert.False(Keys.TryOpenLicense(mutated, out _), $"accepted a change at {i}");
            }
        }
    }

    [Fact]
    public void UnknownKeyId_OrOtherSigner_IsRejected()
    {
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var forged = SignedEnvelope.Sign(SignedEnvelope.LicensePrefix, new LicenseClaims(
            "lic-2", "x", Editions.Enterprise, [], new QuotaLimits(), 100, 0, Future, "k1"), other);
        Assert.False(Keys.TryOpenLicense(forged, out _));
        var unknownKid = SignedEnvelope.Sign(SignedEnvelope.LicensePrefix, new LicenseClaims(
            "lic-2", "x", Editions.Enterprise, [], new QuotaLimits(), 100, 0, Future, "k9"), Key);
        Assert.False(Keys.TryOpenLicense(unknownKid, out _));
        Assert.False(Keys.TryOpenActivation(LicenseKey, out _));
    }

    [Fact]
    public void Jwks_RoundTrips_AndOfflineVerifierChecksDeviceAndClock()
    {
        var json = System.Text.Json.JsonSerializer.Serialize(Keys.ToJwks());
        var verifier = OfflineLicenseVerifier.FromJwks(json);

        Assert.True(verifier.VerifyLicenseKey(LicenseKey).Valid);
        Assert.True(verifier.VerifyCertificate(Certificate, "device-a").Valid);
        Assert.Equal(OfflineReasons.WrongDevice, verifier.VerifyCertificate(Certificate, "device-b").Reason);

        var later = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(Future + 1));
        Assert.Equal(LicenseReasons.LicenseExpired, OfflineLicenseVerifier.FromJwks(json, later).VerifyCertificate(Certificate, "device-a").Reason);
    }

    private static void EveryMutationRejected(string token, Func<string, bool> opens)
    {
        Assert.True(opens(token));
        var mutations =
            from position in Gen.Choose(0, token.Length - 1)
            from replacement in Gen.Choose(0, 255)
            where replacement != token[position]
            select token[..position] + (char)replacement + token[(position + 1)..];

        Prop.ForAll(Arb.From(mutations), mutated => !opens(mutated))
            .Check(Config.QuickThrowOnFailure.WithMaxTest(2000));
    }

    private static string Pad(string s) => s.Replace('-', '+').Replace('_', '/') + new string('=', (4 - s.Length % 4) % 4);
}
