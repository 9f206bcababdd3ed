using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PowerAutomation.Grains.Security;
using PowerAutomation.Grains.Workflows.Secrets;
using PowerAutomation.ServiceDefaults.Security;
using PowerAutomation.Silo.Security;

namespace PowerAutomation.Silo.Workflows.Secrets;

/// <summary>
/// The key sealing workflow secrets (section <c>Workflows</c>): <see cref="SecretsKey"/> from configuration (every
/// silo of a cluster needs the same one), else a key generated once at <see cref="SecretsKeyPath"/> (0600). Its own
/// key rather than <c>Security:DataKey</c>, so either can be rotated or withdrawn without the other.
/// </summary>
public sealed class WorkflowSecretsKeyOptions : IValidatableObject
{
    public const string Section = "Workflows";

    /// <summary>32 random bytes, base64.</summary>
    public string? SecretsKey { get; set; }

    /// <summary>Where the generated key is kept; defaults to <c>$PA_HOME/keys/workflow-secrets-aes256.key</c>.</summary>
    public string? SecretsKeyPath { get; set; }

    /// <summary>Keys used before the current one (base64): they open what they sealed, which is then sealed again with the current key.</summary>
    public List<string> PreviousSecretsKeys { get; set; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (key, name) in PreviousSecretsKeys.Select(k => ((string?)k, nameof(PreviousSecretsKeys))).Prepend((SecretsKey, nameof(SecretsKey))))
        {
            if (!string.IsNullOrEmpty(key) && DataKeyOptions.Decode(key) is null)
            {
                yield return new ValidationResult($"Workflows:{name} must be 32 bytes in base64 (e.g. `head -c 32 /dev/urandom | base64`).", [name]);
            }
        }
    }
}

public static class WorkflowSecretsKeys
{
    /// <summary>Registers <see cref="WorkflowSecretSealer"/> with the configured (or generated) key, validated at start.</summary>
    public static IServiceCollection AddWorkflowSecretSealer(this IServiceCollection services)
    {
        services.AddOptions<WorkflowSecretsKeyOptions>().BindConfiguration(WorkflowSecretsKeyOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<WorkflowSecretsKeyOptions>>().Value;
            var current = string.IsNullOrEmpty(options.SecretsKey) ? LoadOrCreate(options.SecretsKeyPath) : DataKeyOptions.Decode(options.SecretsKey)!;
            return new WorkflowSecretSealer(new SecretSealer([current, .. options.PreviousSecretsKeys.Select(k => DataKeyOptions.Decode(k)!)]));
        });
        return services;
    }

    private static byte[] LoadOrCreate(string? path)
    {
        path ??= EcKeyFile.DefaultPath("workflow-secrets-aes256.key");
        SecretFile.CreateOnce(path, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
        return DataKeyOptions.Decode(File.ReadAllText(path))
            ?? throw new InvalidOperationException($"The workflow secrets key at {path} is not 32 bytes in base64 (Workflows:SecretsKeyPath).");
    }
}
