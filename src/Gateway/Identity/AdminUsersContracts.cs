namespace PowerAutomation.Gateway.Identity;

/// <summary>API.md's <c>{userId, email, displayName, roles, disabled, edition}</c>, with when the account was made.</summary>
public sealed record AdminUserResponse(
    Guid UserId, string Email, string DisplayName, IReadOnlyList<string> Roles, bool Disabled, string Edition, DateTimeOffset CreatedAt);
