using System.Diagnostics.CodeAnalysis;

namespace PowerAutomation.Grains.Abstractions.Identity;

/// <summary>
/// A refresh token is <c>userId.familyId.secret</c>: the first two parts route it to its user grain and family,
/// the secret proves possession. Only a hash of the secret is stored.
/// </summary>
public readonly record struct RefreshToken(Guid UserId, Guid FamilyId, string Secret)
{
    public override string ToString() => $"{UserId:N}.{FamilyId:N}.{Secret}";

    public static bool TryParse(string? value, [NotNullWhen(true)] out RefreshToken? token)
    {
        token = null;
        if (string.IsNullOrEmpty(value) || value.Length > 200)
        {
            return false;
        }

        var parts = value.Split('.');
        if (parts.Length != 3 || parts[2].Length < 16
            || !Guid.TryParseExact(parts[0], "N", out var userId)
            || !Guid.TryParseExact(parts[1], "N", out var familyId))
        {
            return false;
        }

        token = new RefreshToken(userId, familyId, parts[2]);
        return true;
    }
}
