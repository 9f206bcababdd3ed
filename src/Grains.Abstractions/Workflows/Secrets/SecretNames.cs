using System.Text.RegularExpressions;

namespace PowerAutomation.Grains.Abstractions.Workflows.Secrets;

/// <summary>A secret's name: letters, digits, '_' or '-', at most 100, so it reads unescaped in <c>{{secrets.NAME}}</c> and a URL.</summary>
public static partial class SecretNames
{
    public const int MaxLength = 100;

    public static bool IsValid(string? name) => name is not null && Pattern().IsMatch(name);

    [GeneratedRegex("^[A-Za-z0-9_-]{1,100}$")]
    private static partial Regex Pattern();
}
