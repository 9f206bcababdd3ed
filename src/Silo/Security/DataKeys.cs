using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PowerAutomation.Grains.Security;
using PowerAutomation.ServiceDefaults.Security;

namespace PowerAutomation.Silo.Security;

/// <summary>
/// The key that encrypts secrets at rest (section <c>Security</c>): <see cref="DataKey"/> from configuration (every
/// silo of a cluster needs the same one), else a key generated once at <see cref="DataKeyPath"/> (0600).
/// </summary>
public sealed class DataKeyOptions : IValidatableObject
{
    public const string Section = "Security";

    /// <summary>32 random bytes, base64.</summary>
    public string? DataKey { get; set; }

    /// <summary>Where the generated key is kept; defaults to <c>$PA_HOME/keys/data-aes256.key</c>.</summary>
    public string? DataKeyPath { get; set; }

    /// <summary>Keys used before the current one (base64): they open what they sealed, nothing new is sealed with them.</summary>
    public List<string> PreviousDataKeys { get; set; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (key, name) in PreviousDataKeys.Select(k => ((string?)k, nameof(PreviousDataKeys))).Prepend((DataKey, nameof(DataKey))))
        {
            if (!string.IsNullOrEmpty(key) && Decode(key) is null)
            {
                yield return new ValidationResult($"Security:{name} must be 32 bytes in base64 (e.g. `head -c 32 /dev/urandom | base64`).", [name]);
            }
        }
    }

    internal static byte[]? Decode(string text)
    {
        var bytes = new byte[48];
        return Convert.TryFromBase64String(text.Trim(), bytes, out var length) && length == 32 ? bytes[..32] : null;
    }
}

public static class DataKeyServices
{
    /// <summary>Registers <see cref="SecretSealer"/> with the configured (or generated) data key, validated at start.</summary>
    public static IServiceCollection AddSecretSealer(this IServiceCollection services)
    {
        services.AddOptions<DataKeyOptions>().BindConfiguration(DataKeyOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<DataKeyOptions>>().Value;
            var current = string.IsNullOrEmpty(options.DataKey) ? LoadOrCreate(options.DataKeyPath) : DataKeyOptions.Decode(options.DataKey)!;
            return new SecretSealer([current, .. options.PreviousDataKeys.Select(k => DataKeyOptions.Decode(k)!)]);
        });
        return services;
    }

    private static byte[] LoadOrCreate(string? path)
    {
        path ??= EcKeyFile.DefaultPath("data-aes256.key");
        SecretFile.CreateOnce(path, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
        return DataKeyOptions.Decode(File.ReadAllText(path))
            ?? throw new InvalidOperationException($"The data key at {path} is not 32 bytes in base64.");
    }
}
