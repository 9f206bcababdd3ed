namespace PowerAutomation.Grains.Abstractions.Workflows.Secrets;

/// <summary>Stable codes of refused secret writes and of steps that use a secret.</summary>
public static class SecretErrors
{
    /// <summary>A step uses <c>{{secrets.NAME}}</c> and its owner has no secret of that name.</summary>
    public const string SecretNotFound = "secret_not_found";

    /// <summary>A step uses a secret whose stored value no configured key opens.</summary>
    public const string SecretUnreadable = "secret_unreadable";

    public const string InvalidName = "invalid_secret_name";

    /// <summary>A value that is empty, not text (a lone surrogate, U+0000), or missing.</summary>
    public const string InvalidValue = "invalid_secret_value";

    /// <summary>A value over <see cref="SecretRules.MaxValueBytes"/>.</summary>
    public const string ValueTooLarge = "secret_too_large";

    /// <summary>A new secret past <see cref="SecretRules.MaxSecretsPerUser"/>.</summary>
    public const string TooMany = "too_many_secrets";
}
