using System.Security.Cryptography;
using PowerAutomation.Grains.Security;
using PowerAutomation.Grains.Workflows.Secrets;

namespace PowerAutomation.Tests.Workflows.Secrets;

/// <summary>Sealing workflow secrets, and moving them to a new key after a rotation.</summary>
public sealed class WorkflowSecretSealerTests
{
    private static readonly Guid Owner = Guid.NewGuid();

    private readonly byte[] _oldKey = RandomNumberGenerator.GetBytes(32);
    private readonly byte[] _newKey = RandomNumberGenerator.GetBytes(32);

    [Fact]
    public void Seal_IsNotThePlaintext_AndOpensOnlyForItsOwnerAndName()
    {
        var sealer = new WorkflowSecretSealer(new SecretSealer([_newKey]));

        var sealedValue = sealer.Seal(Owner, "token", "s3cret-value");

        Assert.DoesNotContain("s3cret-value", sealedValue);
        Assert.Equal("s3cret-value", sealer.Open(Owner, "token", sealedValue));
        Assert.ThrowsAny<CryptographicException>(() => sealer.Open(Guid.NewGuid(), "token", sealedValue));
        Assert.ThrowsAny<CryptographicException>(() => sealer.Open(Owner, "other", sealedValue));
    }

    [Fact]
    public void TryReseal_AfterRotation_OpensWithTheOldKeyAndSealsWithTheNew()
    {
        var before = new WorkflowSecretSealer(new SecretSealer([_oldKey]));
        var sealedOld = before.Seal(Owner, "token", "s3cret-value");
        var after = new WorkflowSecretSealer(new SecretSealer([_newKey, _oldKey]));

        Assert.True(after.IsStale(sealedOld));
        Assert.True(after.TryReseal(Owner, "token", sealedOld, out var resealed));

        Assert.NotEqual(sealedOld, resealed);
        Assert.False(after.IsStale(resealed));
        Assert.False(after.TryReseal(Owner, "token", resealed, out var unchanged));
        Assert.Equal(resealed, unchanged);

        // Once the old key is withdrawn, only the re-sealed value opens.
        var newOnly = new WorkflowSecretSealer(new SecretSealer([_newKey]));
        Assert.Equal("s3cret-value", newOnly.Open(Owner, "token", resealed));
        Assert.ThrowsAny<CryptographicException>(() => newOnly.Open(Owner, "token", sealedOld));
        Assert.Contains(SecretSealer.KeyId(_newKey), resealed);
    }

    [Fact]
    public void TryReseal_WithNoKeyThatOpensIt_Throws()
    {
        var sealedOld = new WorkflowSecretSealer(new SecretSealer([_oldKey])).Seal(Owner, "token", "v");
        var newOnly = new WorkflowSecretSealer(new SecretSealer([_newKey]));

        Assert.ThrowsAny<CryptographicException>(() => newOnly.TryReseal(Owner, "token", sealedOld, out _));
    }
}
