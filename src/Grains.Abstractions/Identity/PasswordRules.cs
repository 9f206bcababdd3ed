namespace PowerAutomation.Grains.Abstractions.Identity;

/// <summary>What makes a password acceptable: long enough, not absurdly long, not one repeated character.</summary>
public static class PasswordRules
{
    public const int MinLength = 10;
    public const int MaxLength = 256;

    /// <summary>PBKDF2-HMAC-SHA512 iterations (OWASP's 2023 figure); older hashes are upgraded at sign-in.</summary>
    public const int HashIterations = 210_000;

    /// <summary>Returns why the password is weak, or null when it is acceptable.</summary>
    public static string? Weakness(string? password)
    {
        if (string.IsNullOrEmpty(password) || password.Length < MinLength)
        {
            return $"Passwords need at least {MinLength} characters.";
        }

        if (password.Length > MaxLength)
        {
            return $"Passwords may have at most {MaxLength} characters.";
        }

        if (password.Distinct().Count() < 4)
        {
            return "Passwords need at least 4 different characters.";
        }

        return null;
    }
}
