using System.Security.Cryptography;
using PowerAutomation.Grains.Security;

namespace PowerAutomation.Tests.Accounts.AtRest;

public sealed class SecretSealerTests
{
    private static readonly byte[] Key = RandomNumberGenerator.GetBytes(32);

    [Fact]
    public void Seal_OpensForTheSameContext_AndEachSealIsDifferent()
    {
        var sealer = new SecretSealer([Key]);

        var once = sealer.Seal("JBSWY3DPEHPK3PXP", "user-1");
        var twice = sealer.Seal("JBSWY3DPEHPK3PXP", "user-1");

        Assert.NotEqual(once, twice);
        Assert.DoesNotContain("JBSWY3DPEHPK3PXP", once);
        Assert.Equal("JBSWY3DPEHPK3PXP", sealer.Open(once, "user-1"));
        Assert.True(SecretSealer.IsSealed(once));
    }

    [Fact]
    public void Open_AnotherContext_AnAlteredByte_OrAnUnknownKey_Throws()
    {
        var sealer = new SecretSealer([Key]);
        var sealedValue = sealer.Seal("secret", "user-1");
        var parts = sealedValue.Split('.');
        var altered = $"{parts[0]}.{parts[1]}.{(parts[2][0] == 'A' ? 'B' : 'A')}{parts[2][1..]}";

        Assert.ThrowsAny<CryptographicException>(() => sealer.Open(sealedValue, "user-2"));
        Assert.ThrowsAny<CryptographicException>(() => sealer.Open(altered, "user-1"));
        Assert.ThrowsAny<CryptographicException>(() => new SecretSealer([RandomNumberGenerator.GetBytes(32)]).Open(sealedValue, "user-1"));
        Assert.ThrowsAny<CryptographicException>(() => sealer.Open("v1.garbage", "user-1"));
    }

    [Fact]
    public void Rotation_NewKeySeals_OldKeyStillOpensWhatItSealed()
    {
        var old = new SecretSealer([Key]);
        var sealedByOld = old.Seal("secret", "u");
        var rotated = new SecretSealer([RandomNumberGenerator.GetBytes(32), Key]);

        Assert.Equal("secret", rotated.Open(sealedByOld, "u"));
        Assert.ThrowsAny<CryptographicException>(() => old.Open(rotated.Seal("secret", "u"), "u"));
    }

    [Fact]
    public void Open_AValueStoredBeforeSealing_ReturnsItAsItIs()
    {
        Assert.Equal("JBSWY3DPEHPK3PXP", new SecretSealer([Key]).Open("JBSWY3DPEHPK3PXP", "u"));
    }

    [Fact]
    public void Keys_MustBe32Bytes()
    {
        Assert.Throws<ArgumentException>(() => new SecretSealer([new byte[16]]));
        Assert.Throws<ArgumentException>(() => new SecretSealer([]));
    }
}
