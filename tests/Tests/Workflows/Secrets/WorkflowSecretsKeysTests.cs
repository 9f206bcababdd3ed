using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PowerAutomation.Grains.Workflows.Secrets;
using PowerAutomation.Silo.Workflows.Secrets;

namespace PowerAutomation.Tests.Workflows.Secrets;

/// <summary>Where the secrets key comes from: configuration (checked at start), or a 0600 file generated once.</summary>
public sealed class WorkflowSecretsKeysTests
{
    [Fact]
    public void Options_AKeyThatIsNot32BytesOfBase64_FailsNamingTheSetting()
    {
        using var provider = Services(new() { ["Workflows:SecretsKey"] = Convert.ToBase64String(new byte[16]) });

        var refused = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<WorkflowSecretsKeyOptions>>().Value);

        Assert.Contains("Workflows:SecretsKey", refused.Message);
    }

    [Fact]
    public void Sealer_WithoutAConfiguredKey_GeneratesOneFileReadableOnlyByItsOwner()
    {
        var directory = Path.Combine(Path.GetTempPath(), "pa-secrets-key-" + Guid.NewGuid().ToString("N"));
        var path = Path.Combine(directory, "workflow-secrets-aes256.key");
        try
        {
            SealAndOpenWithAGeneratedKey(path);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static void SealAndOpenWithAGeneratedKey(string path)
    {
        using var first = Services(new() { ["Workflows:SecretsKeyPath"] = path });
        using var second = Services(new() { ["Workflows:SecretsKeyPath"] = path });
        var owner = Guid.NewGuid();

        var sealedValue = first.GetRequiredService<WorkflowSecretSealer>().Seal(owner, "token", "v");

        Assert.Equal("v", second.GetRequiredService<WorkflowSecretSealer>().Open(owner, "token", sealedValue));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
    }

    [Fact]
    public void Sealer_WithAPreviousKey_OpensWhatItSealed()
    {
        var oldKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        using var before = Services(new() { ["Workflows:SecretsKey"] = oldKey });
        using var after = Services(new()
        {
            ["Workflows:SecretsKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Workflows:PreviousSecretsKeys:0"] = oldKey,
        });
        var owner = Guid.NewGuid();
        var sealedOld = before.GetRequiredService<WorkflowSecretSealer>().Seal(owner, "token", "v");

        var sealer = after.GetRequiredService<WorkflowSecretSealer>();

        Assert.Equal("v", sealer.Open(owner, "token", sealedOld));
        Assert.True(sealer.IsStale(sealedOld));
    }

    private static ServiceProvider Services(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddWorkflowSecretSealer().BuildServiceProvider();
    }
}
