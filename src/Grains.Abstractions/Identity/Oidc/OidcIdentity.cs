namespace PowerAutomation.Grains.Abstractions.Identity.Oidc;

/// <summary>Who a provider says signed in, from a validated ID token; the e-mail is normalised or null.</summary>
[GenerateSerializer, Immutable, Alias("pa.OidcIdentity")]
public sealed record OidcIdentity(
    [property: Id(0)] string Provider,
    [property: Id(1)] string Subject,
    [property: Id(2)] string? Email,
    [property: Id(3)] bool EmailVerified,
    [property: Id(4)] string? Name)
{
    /// <summary>Longest <c>sub</c> accepted (OpenID Connect Core §2 says 255 ASCII characters).</summary>
    public const int MaxSubjectLength = 255;

    /// <summary>The key of the link index grain and of the user's link: provider names hold no '|'.</summary>
    public string LinkKey => KeyOf(Provider, Subject);

    public static string KeyOf(string provider, string subject) => provider + "|" + subject;
}
