using System.Text;

namespace PowerAutomation.Grains.Abstractions;

/// <summary>
/// What a human-readable name (a display name, a project name) may hold: text of bounded length, without control
/// characters (PostgreSQL refuses U+0000), bidi controls (they disguise what is shown) or lone surrogates.
/// </summary>
public static class NameRules
{
    /// <summary>The trimmed name, or null with <paramref name="problem"/> saying what is wrong.</summary>
    public static string? Check(string? name, int maxLength, string what, out string? problem)
    {
        var trimmed = name?.Trim();
        problem = trimmed switch
        {
            null or "" => $"{what} is required.",
            { Length: var length } when length > maxLength => $"{what} may have at most {maxLength} characters.",
            _ when !IsClean(trimmed) => $"{what} may not hold control characters, bidi controls or lone surrogates.",
            _ => null,
        };
        return problem is null ? trimmed : null;
    }

    private static bool IsClean(string text)
    {
        var rest = text.AsSpan();
        while (!rest.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(rest, out var rune, out var used) != System.Buffers.OperationStatus.Done)
            {
                return false;
            }

            if (Rune.IsControl(rune) || rune.Value is (>= 0x202A and <= 0x202E) or (>= 0x2066 and <= 0x2069) or 0x200E or 0x200F or 0x2028 or 0x2029)
            {
                return false;
            }

            rest = rest[used..];
        }

        return true;
    }
}
