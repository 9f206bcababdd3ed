using System.Diagnostics.CodeAnalysis;

namespace PowerAutomation.Grains.Abstractions.Identity;

/// <summary>
/// A mailed token (password reset, e-mail verification) is <c>userId.secret</c>: the id routes it to the user grain,
/// the secret (256 bits) proves the mailbox was read. Only a hash of the secret is stored.
/// </summary>
public readonly record struct AccountToken(Guid UserId, string Secret)
{
    public const int MaxLength = 128;

    public override string ToString() => $"{UserId:N}.{Secret}";

    public static bool TryParse(string? value, [NotNullWhen(true)] out AccountToken? token)
    {
        token = null;
        if (string.IsNullOrEmpty(value) || value.Length > MaxLength)
        {
            return false;
        }

        var dot = value.IndexOf('.');
        if (dot != 32 || value.Length - dot - 1 < 16 || !Guid.TryParseExact(value[..dot], "N", out var userId))
        {
            return false;
        }

        var secret = value[(dot + 1)..];
        if (!secret.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            return false;
        }

        token = new AccountToken(userId, secret);
        return true;
    }
}
