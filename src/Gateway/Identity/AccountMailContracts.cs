namespace PowerAutomation.Gateway.Identity;

public sealed record PasswordResetRequest(string? Email);

public sealed record PasswordResetConfirmRequest(string? Token, string? NewPassword);

public sealed record VerifyEmailRequest(string? Token);

public sealed record ChangePasswordRequest(string? CurrentPassword, string? NewPassword);
