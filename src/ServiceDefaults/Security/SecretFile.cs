namespace PowerAutomation.ServiceDefaults.Security;

/// <summary>
/// Files that hold a secret (0600): created once, aside and renamed into place, so a process starting at the same
/// moment reads either nothing or the whole secret, and the first writer wins a race.
/// </summary>
public static class SecretFile
{
    /// <summary>Writes <paramref name="contents"/> to <paramref name="path"/> unless the file exists; true when this call created it.</summary>
    public static bool CreateOnce(string path, string contents)
    {
        if (File.Exists(path))
        {
            return false;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var writer = new StreamWriter(new FileStream(temporary, options)))
        {
            writer.Write(contents);
        }

        try
        {
            File.Move(temporary, path, overwrite: false);
            return true;
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process won the race; its secret is the one.
            File.Delete(temporary);
            return false;
        }
    }
}
