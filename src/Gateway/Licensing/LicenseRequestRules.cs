using System.Text.RegularExpressions;
using PowerAutomation.Grains.Abstractions.Identity;
using PowerAutomation.Grains.Abstractions.Licensing;

namespace PowerAutomation.Gateway.Licensing;

/// <summary>What a licence issue request must satisfy; returns the offending field and why, or null.</summary>
public static partial class LicenseRequestRules
{
    public const int MaxDevicesLimit = 10_000;

    public const int MaxSeats = 10_000;

    public static (string Field, string Message)? Check(IssueLicenseRequest request, DateTimeOffset now)
    {
        if (request.OrgId is null && EmailAddress.Normalize(request.Email) is null)
        {
            return ("email", "email must be a valid address.");
        }

        if (request.OrgId is not null && request.Email is not null)
        {
            return ("email", "an organization's licence belongs to the organization: leave email out when orgId is given.");
        }

        if (request.OrgId is null != request.Seats is null)
        {
            return ("seats", "seats and orgId go together: an organization's licence has named seats, and only such a licence has them.");
        }

        if (request.Seats is { } seats && seats is < 1 or > MaxSeats)
        {
            return ("seats", $"seats must be between 1 and {MaxSeats}.");
        }

        if (!Editions.IsKnown(request.Edition) || request.Edition == Editions.Community)
        {
            return ("edition", "edition must be one of personal, professional, team, enterprise.");
        }

        if (request.ExpiresAt is not { } expires || expires <= now || expires > now.AddYears(100))
        {
            return ("expiresAt", "expiresAt must be in the future (and within 100 years).");
        }

        if (request.MaxDevices is not (>= 1 and <= MaxDevicesLimit))
        {
            return ("maxDevices", $"maxDevices must be between 1 and {MaxDevicesLimit}.");
        }

        if (request.Features is { } features && (features.Count > 64 || features.Any(f => f is null || !FeatureName().IsMatch(f))))
        {
            return ("features", "features are at most 64 names of lower-case letters, digits, '.', '-' or '_' (1-64 characters).");
        }

        if (request.Limits?.Invalid() is { } limit)
        {
            return ($"limits.{limit}", $"limits.{limit} must not be negative.");
        }

        return null;
    }

    public static bool IsDeviceId(string? deviceId) =>
        deviceId is { Length: > 0 and <= 128 } && deviceId.All(c => c > ' ' && c < 127);

    [GeneratedRegex("^[a-z0-9._-]{1,64}$")]
    private static partial Regex FeatureName();
}
