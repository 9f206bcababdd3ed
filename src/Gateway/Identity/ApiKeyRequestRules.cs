using Microsoft.AspNetCore.Http.HttpResults;
using PowerAutomation.Gateway.Errors;
using PowerAutomation.Grains.Abstractions.Identity;

namespace PowerAutomation.Gateway.Identity;

/// <summary>
/// Checks the scopes and limits of a key request (types were checked by the JSON binding: a string for a list or a
/// number is 400 <c>invalid_json</c>). Scopes come back in <see cref="ApiScopes.All"/>'s order.
/// </summary>
public static class ApiKeyRequestRules
{
    public const int MaxScopes = 16;

    /// <summary>10^12 micro-USD: one million dollars a day.</summary>
    public const long MaxAiSpendPerDay = 1_000_000_000_000;

    public static ProblemHttpResult? Check(CreateApiKeyRequest request, out ApiKeyGrant grant)
    {
        grant = ApiKeyGrant.FullAccess;
        var aiSpendPerDay = request.Limits?.AiSpendPerDay;
        if (aiSpendPerDay is < 0 or > MaxAiSpendPerDay)
        {
            return Problems.Validation("limits.aiSpendPerDay", $"limits.aiSpendPerDay is micro-USD per day: an integer from 0 to {MaxAiSpendPerDay}.");
        }

        if (request.Scopes is not { } scopes)
        {
            grant = new ApiKeyGrant([], aiSpendPerDay);
            return null;
        }

        if (ScopeProblem(scopes) is { } problem)
        {
            return problem;
        }

        grant = new ApiKeyGrant(ApiScopes.All.Where(scopes.Contains).ToList(), aiSpendPerDay);
        return null;
    }

    private static ProblemHttpResult? ScopeProblem(IReadOnlyList<string> scopes)
    {
        if (scopes.Count == 0)
        {
            return Invalid("scopes is empty: omit it for a full-access key, or name at least one scope.");
        }

        if (scopes.Count > MaxScopes)
        {
            return Invalid($"scopes has at most {MaxScopes} entries.");
        }

        for (var i = 0; i < scopes.Count; i++)
        {
            if (!ApiScopes.IsKnown(scopes[i]))
            {
                return Invalid($"scopes[{i}] is not a known scope; known scopes: {string.Join(", ", ApiScopes.All)}.");
            }

            if (scopes.Take(i).Contains(scopes[i], StringComparer.Ordinal))
            {
                return Invalid($"scopes[{i}] repeats an earlier scope.");
            }
        }

        return null;
    }

    private static ProblemHttpResult Invalid(string message) =>
        Problems.Create(StatusCodes.Status400BadRequest, ErrorCodes.InvalidScope, message,
            new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["scopes"] = [message] } });
}
