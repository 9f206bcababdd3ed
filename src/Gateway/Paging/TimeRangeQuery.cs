using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using PowerAutomation.Gateway.Errors;

namespace PowerAutomation.Gateway.Paging;

/// <summary>A listing's <c>from</c> (inclusive) and <c>to</c> (exclusive) RFC 3339 times, checked the same way everywhere.</summary>
public static class TimeRangeQuery
{
    public static bool TryRead(string? from, string? to, out DateTimeOffset? start, out DateTimeOffset? end,
        [NotNullWhen(false)] out ProblemHttpResult? problem)
    {
        end = null;
        if (!TryReadTime(from, "from", out start, out problem) || !TryReadTime(to, "to", out end, out problem))
        {
            return false;
        }

        if (start is not null && end is not null && start >= end)
        {
            problem = Problems.Validation("to", "to must be later than from.");
            return false;
        }

        return true;
    }

    private static bool TryReadTime(string? text, string name, out DateTimeOffset? time, [NotNullWhen(false)] out ProblemHttpResult? problem)
    {
        time = null;
        problem = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        if (text.Length > 40 || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value)
            || !text.Contains('T', StringComparison.OrdinalIgnoreCase))
        {
            problem = Problems.Validation(name, $"{name} must be an RFC 3339 time such as 2026-12-01T00:00:00Z.");
            return false;
        }

        time = value.ToUniversalTime();
        return true;
    }
}
