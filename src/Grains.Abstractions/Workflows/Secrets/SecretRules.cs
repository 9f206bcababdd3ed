using System.Text;
using PowerAutomation.Grains.Abstractions.Json;

namespace PowerAutomation.Grains.Abstractions.Workflows.Secrets;

/// <summary>What a secret may be. Secrets are credentials (tokens, keys), not a data store, so they are small and few.</summary>
public static class SecretRules
{
    /// <summary>The largest value, in UTF-8 bytes (a PEM private key fits).</summary>
    public const int MaxValueBytes = 16 * 1024;

    public const int MaxSecretsPerUser = 100;

    /// <summary>Null when <paramref name="name"/> and <paramref name="value"/> may be stored, else a <see cref="SecretErrors"/> code.</summary>
    public static string? Check(string? name, string? value)
    {
        if (!SecretNames.IsValid(name))
        {
            return SecretErrors.InvalidName;
        }

        if (string.IsNullOrEmpty(value) || !JsonTextRules.IsStorable(value))
        {
            return SecretErrors.InvalidValue;
        }

        // Counted on the characters first, so a huge value is refused without encoding it.
        return value.Length > MaxValueBytes || Encoding.UTF8.GetByteCount(value) > MaxValueBytes ? SecretErrors.ValueTooLarge : null;
    }
}
