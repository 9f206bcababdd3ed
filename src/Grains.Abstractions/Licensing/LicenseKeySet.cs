using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PowerAutomation.Grains.Abstractions.Licensing;

/// <summary>
/// The published licence-verification keys as a JWKS (RFC 7517): several may be published while one signs,
/// so keys can rotate without invalidating licences already issued.
/// </summary>
public sealed class LicenseKeySet
{
    private readonly Dictionary<string, ECDsa> _keys;

    public LicenseKeySet(IEnumerable<(string KeyId, ECDsa PublicKey)> keys) =>
        _keys = keys.ToDictionary(k => k.KeyId, k => k.PublicKey, StringComparer.Ordinal);

    public ECDsa? Find(string keyId) => _keys.GetValueOrDefault(keyId);

    public bool TryOpenLicense(string? key, out LicenseClaims? claims) =>
        SignedEnvelope.TryOpen(SignedEnvelope.LicensePrefix, key, Find, out claims);

    public bool TryOpenActivation(string? certificate, out ActivationClaims? claims) =>
        SignedEnvelope.TryOpen(SignedEnvelope.ActivationPrefix, certificate, Find, out claims);

    public Jwks ToJwks() => new(_keys.Select(pair =>
    {
        var parameters = pair.Value.ExportParameters(includePrivateParameters: false);
        return new Jwk("EC", "P-256", Base64Url.Encode(parameters.Q.X), Base64Url.Encode(parameters.Q.Y), pair.Key, "sig", "ES256");
    }).OrderBy(k => k.Kid, StringComparer.Ordinal).ToList());

    public static LicenseKeySet FromJwks(string json)
    {
        var jwks = JsonSerializer.Deserialize<Jwks>(json) ?? throw new JsonException("Empty JWKS.");
        return new LicenseKeySet(jwks.Keys
            .Where(k => k is { Kty: "EC", Crv: "P-256" })
            .Select(k =>
            {
                if (!Base64Url.TryDecode(k.X, out var x) || !Base64Url.TryDecode(k.Y, out var y))
                {
                    throw new JsonException($"Key {k.Kid} has malformed coordinates.");
                }

                var key = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = new ECPoint { X = x, Y = y } });
                return (k.Kid, key);
            }));
    }
}

public sealed record Jwks([property: JsonPropertyName("keys")] IReadOnlyList<Jwk> Keys);

public sealed record Jwk(
    [property: JsonPropertyName("kty")] string Kty,
    [property: JsonPropertyName("crv")] string Crv,
    [property: JsonPropertyName("x")] string X,
    [property: JsonPropertyName("y")] string Y,
    [property: JsonPropertyName("kid")] string Kid,
    [property: JsonPropertyName("use")] string Use,
    [property: JsonPropertyName("alg")] string Alg);
