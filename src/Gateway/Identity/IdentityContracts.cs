namespace PowerAutomation.Gateway.Identity;

// Request bodies use nullable members so that a missing field is reported by name, not as a binding failure.

public sealed record RegisterRequest(string? Email, string? Password, string? DisplayName);

public sealed record RegisterResponse(Guid UserId);

public sealed record LoginRequest(string? Email, string? Password, string? TotpCode, string? DeviceId, string? RecoveryCode = null);

public sealed record TokenPairResponse(string AccessToken, string RefreshToken, string TokenType, int ExpiresIn);

public sealed record RefreshRequest(string? RefreshToken);

public sealed record MeResponse(Guid UserId, string Email, string DisplayName, IReadOnlyList<string> Roles, string Edition, bool MfaEnabled, bool EmailVerified);

public sealed record TotpEnrolmentResponse(string Secret, string OtpauthUri);

public sealed record TotpConfirmRequest(string? Code);

/// <summary>Proof for changing the second factor: the current password or a current TOTP code.</summary>
public sealed record MfaProofRequest(string? Password, string? Code);

public sealed record RecoveryCodesResponse(IReadOnlyList<string> RecoveryCodes);
