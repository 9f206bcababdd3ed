using System.Net.Mail;

namespace PowerAutomation.Grains.Abstractions.Identity;

/// <summary>Validation and normalisation of e-mail addresses: the normalised form is the identity key.</summary>
public static class EmailAddress
{
    public const int MaxLength = 254;

    /// <summary>Returns the trimmed, lower-cased address, or null when it is not a plausible address.</summary>
    public static string? Normalize(string? email)
    {
        if (string.IsNullOrWhiteSpace(email))
        {
            return null;
        }

        var trimmed = email.Trim();
        if (trimmed.Length > MaxLength || trimmed.Any(char.IsWhiteSpace) || trimmed.Any(char.IsControl))
        {
            return null;
        }

        if (!MailAddress.TryCreate(trimmed, out var parsed) || parsed.Address != trimmed)
        {
            return null;
        }

        var at = trimmed.LastIndexOf('@');
        if (at <= 0 || at == trimmed.Length - 1 || !trimmed[(at + 1)..].Contains('.'))
        {
            return null;
        }

        return trimmed.ToLowerInvariant();
    }
}
