using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PowerAutomation.Grains.Abstractions.Licensing;
using PowerAutomation.Grains.Licensing;
using PowerAutomation.ServiceDefaults.Security;

namespace PowerAutomation.Silo.Licensing;

/// <summary>
/// The licence key ring: configured keys (private ones can sign, public-only ones still verify, so a key can be
/// retired without invalidating what it signed), or one key generated under PA_HOME for a local system.
/// </summary>
public sealed partial class LicenseSigner : ILicenseSigner
{
    private readonly ECDsa _active;

    public LicenseSigner(IOptions<LicensingOptions> options, ILogger<LicenseSigner> logger)
    {
        var settings = options.Value;
        var keys = new List<(string KeyId, ECDsa Key, bool CanSign)>();
        try
        {
            foreach (var configured in settings.Keys)
            {
                var key = EcKeyFile.FromPem(configured.PrivateKeyPem ?? configured.PublicKeyPem
                    ?? throw new ArgumentException("each Licensing:Keys entry needs PrivateKeyPem or PublicKeyPem"));
                keys.Add((configured.KeyId ?? EcKeyFile.KeyId(key), key, configured.PrivateKeyPem is not null));
            }

            if (keys.Count == 0)
            {
                var path = settings.GeneratedKeyPath ?? EcKeyFile.DefaultPath("license-es256.pem");
                var key = EcKeyFile.LoadOrCreate(path, out var created);
                if (created)
                {
                    LogGenerated(logger, path);
                }

                keys.Add((EcKeyFile.KeyId(key), key, true));
            }
        }
        catch (Exception exception) when (exception is CryptographicException or ArgumentException)
        {
            throw new OptionsValidationException(nameof(LicensingOptions), typeof(LicensingOptions), [$"Licensing:Keys: {exception.Message}"]);
        }

        var signers = keys.Where(k => k.CanSign).ToList();
        var active = settings.ActiveKeyId is null ? signers.FirstOrDefault() : signers.FirstOrDefault(k => k.KeyId == settings.ActiveKeyId);
        if (active.Key is null)
        {
            throw new OptionsValidationException(nameof(LicensingOptions), typeof(LicensingOptions),
                [$"Licensing:ActiveKeyId '{settings.ActiveKeyId}' names no key with a private key."]);
        }

        _active = active.Key;
        ActiveKeyId = active.KeyId;
        PublicKeys = new LicenseKeySet(keys.Select(k => (k.KeyId, k.Key)));
    }

    public string ActiveKeyId { get; }

    public LicenseKeySet PublicKeys { get; }

    public string Sign<T>(string prefix, T claims) => SignedEnvelope.Sign(prefix, claims, _active);

    [LoggerMessage(Level = LogLevel.Information, Message = "Generated a new licence signing key at {Path}")]
    private static partial void LogGenerated(ILogger logger, string path);
}
