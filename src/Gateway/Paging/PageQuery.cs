using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using PowerAutomation.Gateway.Errors;
using PowerAutomation.Grains.Abstractions.Paging;

namespace PowerAutomation.Gateway.Paging;

/// <summary>A listing's <c>cursor</c> and <c>limit</c> (1–200, default 50), checked the same way everywhere.</summary>
public sealed record PageQuery(PageKey? After, int Limit)
{
    public const string InvalidCursor = "invalid_cursor";

    /// <summary>The longest <c>query</c> a searchable listing takes.</summary>
    public const int MaxSearchLength = 200;

    /// <summary>A searchable listing's <c>query</c> (trimmed; empty lists everything) with its cursor and limit.</summary>
    public static bool TryRead(string? search, string? cursor, string? limit, out string? term, out PageQuery query,
        [NotNullWhen(false)] out ProblemHttpResult? problem)
    {
        term = string.IsNullOrWhiteSpace(search) ? null : search.Trim();
        if (term is { Length: > MaxSearchLength })
        {
            query = new PageQuery(null, PageLimits.Default);
            problem = Problems.Validation("query", $"query has at most {MaxSearchLength} characters.");
            return false;
        }

        return TryRead(cursor, limit, out query, out problem);
    }

    public static bool TryRead(string? cursor, string? limit, out PageQuery query, [NotNullWhen(false)] out ProblemHttpResult? problem)
    {
        query = new PageQuery(null, PageLimits.Default);
        problem = null;
        var count = PageLimits.Default;
        if (limit is not null && !(int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out count) && count is >= 1 and <= PageLimits.Max))
        {
            problem = Problems.Validation("limit", $"limit must be a whole number from 1 to {PageLimits.Max}.");
            return false;
        }

        PageKey? after = null;
        if (!string.IsNullOrEmpty(cursor))
        {
            if (!PageCursor.TryDecode(cursor, out var key))
            {
                problem = Problems.BadRequest(InvalidCursor, "cursor is not one this API gave out; pass back nextCursor unchanged, or start without one.");
                return false;
            }

            after = key;
        }

        query = new PageQuery(after, count);
        return true;
    }
}
