using System.Text.Json;

namespace PowerAutomation.Client.Accounts;

/// <summary>
/// The credentials file, <c>${XDG_CONFIG_HOME:-$HOME/.config}/powerautomation/credentials.json</c>: the directory
/// 0700 and the file 0600, written to a private temporary file first and renamed, so it is never readable by others
/// and never half-written.
/// </summary>
public sealed class CredentialStore(string path)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public string Path => path;

    public static CredentialStore Default()
    {
        var config = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME");
        if (string.IsNullOrEmpty(config))
        {
            config = System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
        }

        return new CredentialStore(System.IO.Path.Combine(config, "powerautomation", "credentials.json"));
    }

    public async Task<Credentials?> ReadAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            await using var file = File.OpenRead(path);
            return await JsonSerializer.DeserializeAsync<Credentials>(file, Json, cancellationToken);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public async Task SaveAsync(Credentials credentials, CancellationToken cancellationToken)
    {
        var directory = System.IO.Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(directory);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var temporary = path + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            await using (var file = new FileStream(temporary, options))
            {
                await JsonSerializer.SerializeAsync(file, credentials, Json, cancellationToken);
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    public void Delete() => File.Delete(path);
}
