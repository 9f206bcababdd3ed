using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace PowerAutomation.Gateway.Identity;

/// <summary>
/// The ES256 key that signs access tokens: from configuration, or generated once and kept as a 0600 file
/// under PA_HOME so every gateway on the machine and every restart signs with the same key. Never logged.
/// </summary>
public sealed partial class SigningKeyStore
{
    public SigningKeyStore(IOptions<TokenOptions> options, ILogger<SigningKeyStore> logger)
    {
        var settings = options.Value;
        var ecdsa = ECDsa.Create();
        if (!string.IsNullOrWhiteSpace(settings.SigningKeyPem))
        {
            ecdsa.ImportFromPem(settings.SigningKeyPem);
        }
        else
        {
            var path = settings.SigningKeyPath ?? DefaultPath();
            ecdsa.ImportFromPem(LoadOrCreate(path, logger));
        }

        if (ecdsa.KeySize != 256)
        {
            throw new OptionsValidationException(nameof(TokenOptions), typeof(TokenOptions), ["The signing key must be a P-256 key."]);
        }

        var keyId = Base64UrlEncoder.Encode(SHA256.HashData(ecdsa.ExportSubjectPublicKeyInfo())[..16]);
        Key = new ECDsaSecurityKey(ecdsa) { KeyId = keyId };
    }

    public ECDsaSecurityKey Key { get; }

    public static string DefaultPath()
    {
        var home = Environment.GetEnvironmentVariable("PA_HOME");
        return Path.Combine(string.IsNullOrWhiteSpace(home) ? ".pa" : home, "keys", "jwt-es256.pem");
    }

    private static string LoadOrCreate(string path, ILogger logger)
    {
        if (File.Exists(path))
        {
            return File.ReadAllText(path);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using var generated = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var pem = generated.ExportPkcs8PrivateKeyPem();
        try
        {
            // CreateNew: when two gateways start together only one key is written, and both use it.
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using (var stream = new FileStream(path, options))
            using (var writer = new StreamWriter(stream))
            {
                writer.Write(pem);
            }

            LogGenerated(logger, path);
            return pem;
        }
        catch (IOException) when (File.Exists(path))
        {
            return File.ReadAllText(path);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Generated a new access-token signing key at {Path}")]
    private static partial void LogGenerated(ILogger logger, string path);
}
