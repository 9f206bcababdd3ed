using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using PowerAutomation.ServiceDefaults.Security;

namespace PowerAutomation.Gateway.Identity;

/// <summary>
/// The ES256 key that signs access tokens: from configuration, or generated once under PA_HOME so every gateway
/// on the machine and every restart signs with the same key.
/// </summary>
public sealed partial class SigningKeyStore
{
    public SigningKeyStore(IOptions<TokenOptions> options, ILogger<SigningKeyStore> logger)
    {
        var settings = options.Value;
        ECDsa ecdsa;
        try
        {
            if (!string.IsNullOrWhiteSpace(settings.SigningKeyPem))
            {
                ecdsa = EcKeyFile.FromPem(settings.SigningKeyPem);
            }
            else
            {
                var path = settings.SigningKeyPath ?? EcKeyFile.DefaultPath("jwt-es256.pem");
                ecdsa = EcKeyFile.LoadOrCreate(path, out var created);
                if (created)
                {
                    LogGenerated(logger, path);
                }
            }
        }
        catch (Exception exception) when (exception is CryptographicException or ArgumentException)
        {
            throw new OptionsValidationException(nameof(TokenOptions), typeof(TokenOptions),
                [$"Identity:Tokens signing key is unusable: {exception.Message}"]);
        }

        Key = new ECDsaSecurityKey(ecdsa) { KeyId = EcKeyFile.KeyId(ecdsa) };
    }

    public ECDsaSecurityKey Key { get; }

    [LoggerMessage(Level = LogLevel.Information, Message = "Generated a new access-token signing key at {Path}")]
    private static partial void LogGenerated(ILogger logger, string path);
}
