namespace PowerAutomation.Grains.Abstractions.Documents;

/// <summary>
/// The path rule of API.md ("Files and projects"): relative, <c>/</c>-separated, NFC-normalised, with no empty,
/// <c>.</c> or <c>..</c> segments, no backslashes, and no control or bidi-control characters. A path is normalised
/// to NFC before it is checked, so NFC and NFD spellings of one name are one path. Pure, so creation and a later
/// rename share it.
/// </summary>
public static class DocumentPath
{
    /// <summary>Longest path, in UTF-16 units after normalisation.</summary>
    public const int MaxLength = 512;

    /// <summary>The path in the form it is stored, or why it is refused (<paramref name="problem"/>).</summary>
    public static bool TryNormalize(string? path, out string normalized, out string problem)
    {
        normalized = "";
        problem = "";
        if (string.IsNullOrWhiteSpace(path))
        {
            problem = "path is required.";
            return false;
        }

        // Checked again after normalisation; this only spares normalising a huge string.
        if (path.Length > 4 * MaxLength)
        {
            problem = $"path has at most {MaxLength} characters.";
            return false;
        }

        if (!IsWellFormed(path))
        {
            problem = "path is not well-formed Unicode (a lone surrogate).";
            return false;
        }

        // UnicodeNfc, not string.Normalize: under InvariantGlobalization the latter changes nothing.
        var nfc = UnicodeNfc.Normalize(path.Trim());

        problem = Problem(nfc) ?? "";
        if (problem.Length > 0)
        {
            return false;
        }

        normalized = nfc;
        return true;
    }

    /// <summary>Whether a path is already in its stored form.</summary>
    public static bool IsNormal(string? path) => TryNormalize(path, out var normalized, out _) && normalized == path;

    private static string? Problem(string path)
    {
        if (path.Length > MaxLength)
        {
            return $"path has at most {MaxLength} characters.";
        }

        if (path.StartsWith('/'))
        {
            return "path is relative: it does not start with '/'.";
        }

        foreach (var c in path)
        {
            if (c == '\\')
            {
                return "path separates folders with '/', not '\\'.";
            }

            if (char.IsControl(c) || IsBidiControl(c))
            {
                return $"path contains the control character U+{(int)c:X4}.";
            }

        }

        foreach (var segment in path.Split('/'))
        {
            if (segment.Length == 0)
            {
                return "path has an empty segment ('//', or '/' at either end).";
            }

            if (segment is "." or "..")
            {
                return "path has a '.' or '..' segment.";
            }
        }

        return null;
    }

    /// <summary>Characters that reorder how text is shown (the RTL override makes <c>txt.exe</c> look like <c>exe.txt</c>).</summary>
    private static bool IsBidiControl(char c) =>
        c is '\u061C' or '\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');

    private static bool IsWellFormed(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return false;
            }
        }

        return true;
    }
}
