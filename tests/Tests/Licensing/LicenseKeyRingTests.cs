using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PowerAutomation.Client.Licensing;
using PowerAutomation.Grains.Abstractions.Licensing;
using PowerAutomation.Grains.Licensing;
using PowerAutomation.Silo.Licensing;
using PowerAutomation.Tests.Infrastructure;

namespace PowerAutomation.Tests.Licensing;

public sealed class LicenseKeyRingTests
{
    [Fact]
    public void Rotation_NewKeySigns_OldKeyStillVerifiesWhatItSigned()
    {
        using var oldKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var newKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var before = new LicenseSigner(Options.Create(new LicensingOptions
        {
            Keys = [new() { KeyId = "2025", PrivateKeyPem = oldKey.ExportPkcs8PrivateKeyPem() }],
        }), NullLogger<LicenseSigner>.Instance);
        var oldLicence = before.Sign(SignedEnvelope.LicensePrefix, Claims("2025"));

        // After rotation the old key is kept public-only: it signs nothing new but still verifies.
        var after = new LicenseSigner(Options.Create(new LicensingOptions
        {
            Keys =
            [
                new() { KeyId = "2025", PublicKeyPem = oldKey.ExportSubjectPublicKeyInfoPem() },
                new() { KeyId = "2026", PrivateKeyPem = newKey.ExportPkcs8PrivateKeyPem() },
            ],
            ActiveKeyId = "2026",
        }), NullLogger<LicenseSigner>.Instance);
        var newLicence = after.Sign(SignedEnvelope.LicensePrefix, Claims("2026"));

        var jwks = System.Text.Json.JsonSerializer.Serialize(after.PublicKeys.ToJwks());
        var verifier = OfflineLicenseVerifier.FromJwks(jwks);
        Assert.Equal(["2025", "2026"], after.PublicKeys.ToJwks().Keys.Select(k => k.Kid).ToArray());
        Assert.True(verifier.VerifyLicenseKey(oldLicence).Valid);
        Assert.True(verifier.VerifyLicenseKey(newLicence).Valid);
        Assert.Equal("2026", after.ActiveKeyId);
    }

    [Fact]
    public void ActiveKeyWithoutPrivateKey_FailsAtStartNamingTheSetting()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var error = Assert.Throws<OptionsValidationException>(() => new LicenseSigner(Options.Create(new LicensingOptions
        {
            Keys = [new() { KeyId = "pub", PublicKeyPem = key.ExportSubjectPublicKeyInfoPem() }],
            ActiveKeyId = "pub",
        }), NullLogger<LicenseSigner>.Instance));
        Assert.Contains("Licensing:ActiveKeyId", error.Message);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void GeneratedKey_IsKeptWithOwnerOnlyPermissions_AndReused()
    {
        var directory = Directory.CreateTempSubdirectory("pa-keys-").FullName;
        try
        {
            var options = Options.Create(new LicensingOptions { GeneratedKeyPath = Path.Combine(directory, "keys", "license.pem") });
            var first = new LicenseSigner(options, NullLogger<LicenseSigner>.Instance);
            var second = new LicenseSigner(options, NullLogger<LicenseSigner>.Instance);

            Assert.Equal(first.ActiveKeyId, second.ActiveKeyId);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(directory, "keys", "license.pem")));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static LicenseClaims Claims(string kid) => new(
        Guid.NewGuid().ToString("N"), "sub", Editions.Personal, [], new QuotaLimits(), 1, 0, DateTimeOffset.UtcNow.AddYears(1).ToUnixTimeSeconds(), kid);
}
