using System.Text.RegularExpressions;

namespace PowerAutomation.Grains.Abstractions.Workflows;

/// <summary>Names of signals and step ids: short, URL-safe, so they fit in a path segment unescaped.</summary>
public static partial class SignalNames
{
    public static bool IsValid(string? name) => name is not null && Pattern().IsMatch(name);

    public static bool IsValidStepId(string? id) => id is not null && StepIdPattern().IsMatch(id);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")]
    private static partial Regex Pattern();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_-]{0,63}$")]
    private static partial Regex StepIdPattern();
}
