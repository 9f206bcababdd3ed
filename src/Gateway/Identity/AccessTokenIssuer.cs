using System.Security.Claims;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using PowerAutomation.Grains.Abstractions.Identity;

namespace PowerAutomation.Gateway.Identity;

/// <summary>Signs short-lived ES256 access tokens carrying the user id, e-mail and roles.</summary>
public sealed class AccessTokenIssuer(SigningKeyStore keys, IOptions<TokenOptions> options, TimeProvider time)
{
    private static readonly JsonWebTokenHandler Handler = new();

    public int LifetimeSeconds => (int)options.Value.AccessTokenLifetime.TotalSeconds;

    /// <summary>An access token for a sign-in; its <c>sid</c> is the session its refresh token belongs to.</summary>
    public string Issue(SessionResult session) =>
        Issue(session.Profile!, RefreshToken.TryParse(session.RefreshToken, out var token) ? token.Value.FamilyId : null);

    public string Issue(UserProfile profile, Guid? sessionId)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var claims = new List<Claim>
        {
            new(JwtRegisteredClaimNames.Sub, profile.UserId.ToString()),
            new(JwtRegisteredClaimNames.Email, profile.Email),
            new(JwtRegisteredClaimNames.Jti, Guid.NewGuid().ToString("N")),
        };
        if (sessionId is { } sid)
        {
            claims.Add(new Claim(GatewayClaims.Session, sid.ToString("N")));
        }

        claims.AddRange(profile.Roles.Select(role => new Claim(GatewayClaims.Role, role)));

        return Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Value.Issuer,
            Audience = options.Value.Audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = now,
            NotBefore = now,
            Expires = now + options.Value.AccessTokenLifetime,
            SigningCredentials = new SigningCredentials(keys.Key, SecurityAlgorithms.EcdsaSha256),
        });
    }
}
