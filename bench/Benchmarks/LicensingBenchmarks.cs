using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using PowerAutomation.Grains.Abstractions.Licensing;

namespace PowerAutomation.Benchmarks;

/// <summary>Offline verification as an editor client does it: parse, canonical base64url, ECDSA P-256 verify, JSON.</summary>
[MemoryDiagnoser]
public class LicensingBenchmarks
{
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private LicenseKeySet _keys = null!;
    private string _licenseKey = null!;
    private string _certificate = null!;
    private byte[] _signed = null!;
    private byte[] _signature = null!;

    [GlobalSetup]
    public void Setup()
    {
        _keys = new LicenseKeySet([("k1", _key)]);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        _licenseKey = SignedEnvelope.Sign(SignedEnvelope.LicensePrefix, new LicenseClaims(
            Guid.NewGuid().ToString("N"), Guid.NewGuid().ToString(), Editions.Team, ["ai", "sync", "workflows"],
            new QuotaLimits(1000, null, 50, null), 5, now, now + 86_400 * 365, "k1"), _key);
        _certificate = SignedEnvelope.Sign(SignedEnvelope.ActivationPrefix, new ActivationClaims(
            Guid.NewGuid().ToString("N"), "device-1", Guid.NewGuid().ToString(), Editions.Team, ["ai"], now, now + 86_400 * 7, now + 86_400 * 365, "k1"), _key);
        var parts = _licenseKey.Split('.');
        _signed = System.Text.Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}");
        Base64Url.TryDecode(parts[2], out var signature);
        _signature = signature!;
    }

    [Benchmark]
    public bool VerifyLicenseKey() => _keys.TryOpenLicense(_licenseKey, out _);

    [Benchmark]
    public bool VerifyCertificate() => _keys.TryOpenActivation(_certificate, out _);

    /// <summary>The floor: one ECDSA P-256 verification of the same bytes, nothing else.</summary>
    [Benchmark(Baseline = true)]
    public bool RawEcdsaVerify() => _key.VerifyData(_signed, _signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    [Benchmark]
    public string SignCertificate() => SignedEnvelope.Sign(SignedEnvelope.ActivationPrefix, new ActivationClaims(
        "lid", "device-1", "sub", Editions.Team, ["ai"], 0, 1, 2, "k1"), _key);
}
