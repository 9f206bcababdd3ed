namespace PowerAutomation.Gateway.Identity.Oidc;

/// <summary>A step of the sign-in that either gives a value or says which error code the user is sent back with.</summary>
public readonly record struct OidcStep<T>(T? Value, string? ErrorCode, string? Detail)
{
    public static OidcStep<T> Ok(T value) => new(value, null, null);

    public static OidcStep<T> Fail(string code, string detail) => new(default, code, detail);
}
