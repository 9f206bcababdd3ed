using System.Security.Cryptography;

namespace PowerAutomation.ServiceDefaults.Security;

/// <summary>
/// P-256 signing keys kept as PKCS#8 PEM files with 0600 permissions under <c>PA_HOME/keys</c>: generated once,
/// then shared by every process on the machine and every restart. The file is written aside and renamed into
/// place, so a process starting at the same moment reads either nothing or the whole key. Never logged.
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
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            using var generated = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using (var writer = new StreamWriter(new FileStream(temporary, options)))
            {
                writer.Write(generated.ExportPkcs8PrivateKeyPem());
            }

            try
            {
                File.Move(temporary, path, overwrite: false);
                created = true;
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process won the race; use its key.
                File.Delete(temporary);
            }
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
