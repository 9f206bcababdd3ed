using Microsoft.AspNetCore.Http.HttpResults;
using PowerAutomation.Gateway.Errors;

namespace PowerAutomation.Gateway.Identity.Device;

/// <summary>
/// Problems that OAuth clients read too: beside this API's <c>code</c> they carry RFC 6749 §5.2's <c>error</c> and
/// <c>error_description</c>, so a stock device-flow client and a problem+json client both understand them.
/// </summary>
public static class OAuthProblems
{
    public static ProblemHttpResult Create(int status, string code, string error, string detail, int? interval = null)
    {
        var extra = new Dictionary<string, object?> { ["error"] = error, ["error_description"] = detail };
        if (interval is { } seconds)
        {
            extra["interval"] = seconds;
        }

        return Problems.Create(status, code, detail, extra);
    }

    /// <summary>A token-endpoint error: 400 with <c>code</c> and <c>error</c> the same RFC value.</summary>
    public static ProblemHttpResult Token(string error, string detail, int? interval = null) =>
        Create(StatusCodes.Status400BadRequest, error, error, detail, interval);

    public static ProblemHttpResult InvalidRequest(string detail) =>
        Create(StatusCodes.Status400BadRequest, ErrorCodes.InvalidRequest, "invalid_request", detail);
}
