using System.Security.Cryptography;

namespace PowerAutomation.ServiceDefaults.Security;

/// <summary>
/// P-256 signing keys kept as PKCS#8 PEM files with 0600 permissions under <c>PA_HOME/keys</c>: generated once,
/// then shared by every process on the machine and every restart (see <see cref="SecretFile"/>). Never logged.
/// </summary>
public static class EcKeyFile
{
    public static string HomeDirectory()
    {
        var home = Environment.GetEnvironmentVariable("PA_HOME");
        return Path.GetFullPath(string.IsNullOrWhiteSpace(home) ? ".pa" : home);
    }

    public static string DefaultPath(string fileName) => Path.Combine(HomeDirectory(), "keys", fileName);

    /// <summary>Loads the key at <paramref name="path"/>, creating it first when absent.</summary>
    public static ECDsa LoadOrCreate(string path, out bool created)
    {
        created = false;
        if (!File.Exists(path))
        {
            using var generated = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            created = SecretFile.CreateOnce(path, generated.ExportPkcs8PrivateKeyPem());
        }

        return FromPem(File.ReadAllText(path));
    }

    /// <summary>Imports a PEM key and insists on P-256, the curve ES256 needs.</summary>
    public static ECDsa FromPem(string pem)
    {
        var key = ECDsa.Create();
        key.ImportFromPem(pem);
        if (key.KeySize != 256)
        {
            key.Dispose();
            throw new CryptographicException("Signing keys must be P-256 (ES256).");
        }

        return key;
    }

    /// <summary>A stable key id: base64url of the first 16 bytes of SHA-256 over the public key.</summary>
    public static string KeyId(ECDsa key) =>
        Convert.ToBase64String(SHA256.HashData(key.ExportSubjectPublicKeyInfo())[..16]).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
