namespace PowerAutomation.Grains.Projects;

/// <summary>
/// Folders are path prefixes, so a path cannot be both a document and a folder: <c>a</c> and <c>a/b</c> would show
/// one name as a file and a folder in the same tree. Pure; paths are already normalised.
/// </summary>
public static class DocumentTree
{
    /// <summary>
    /// Whether <paramref name="path"/> is taken among <paramref name="paths"/>: the same path, a document at one of
    /// its folders, or documents inside it. <paramref name="ignoring"/> (the document being moved) does not count.
    /// </summary>
    public static bool IsTaken(IEnumerable<string> paths, string path, string? ignoring = null)
    {
        foreach (var other in paths)
        {
            if (other == ignoring)
            {
                continue;
            }

            if (other == path || IsInside(path, other) || IsInside(other, path))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether <paramref name="path"/> lies in the folder <paramref name="folder"/> (at any depth).</summary>
    public static bool IsInside(string path, string folder) =>
        path.Length > folder.Length && path[folder.Length] == '/' && path.StartsWith(folder, StringComparison.Ordinal);
}
