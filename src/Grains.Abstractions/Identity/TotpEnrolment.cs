namespace PowerAutomation.Grains.Abstractions.Identity;

/// <summary>A pending TOTP enrolment: the base32 secret and the otpauth URI for authenticator apps.</summary>
[GenerateSerializer, Immutable, Alias("pa.TotpEnrolment")]
public sealed record TotpEnrolment(
    [property: Id(0)] string Secret,
    [property: Id(1)] string OtpAuthUri);
