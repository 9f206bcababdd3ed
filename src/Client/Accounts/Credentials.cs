namespace PowerAutomation.Client.Accounts;

/// <summary>What <c>pa login</c> keeps: which gateway, the refresh token of the device session, and who it is.</summary>
public sealed record Credentials(string Url, string RefreshToken, string Email, string? DisplayName, Guid UserId, DateTimeOffset SavedAt);
