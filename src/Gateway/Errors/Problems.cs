using Microsoft.AspNetCore.Http.HttpResults;

namespace PowerAutomation.Gateway.Errors;

/// <summary>RFC 9457 problem results carrying a stable <c>code</c>.</summary>
public static class Problems
{
    public static ProblemHttpResult Create(int status, string code, string detail, IDictionary<string, object?>? extra = null)
    {
        var extensions = new Dictionary<string, object?>(extra ?? new Dictionary<string, object?>()) { ["code"] = code };
        return TypedResults.Problem(detail: detail, statusCode: status, title: Title(status), extensions: extensions);
    }

    public static ProblemHttpResult BadRequest(string code, string detail) => Create(StatusCodes.Status400BadRequest, code, detail);

    public static ProblemHttpResult Validation(string field, string message) =>
        Create(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed, message,
            new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [field] = [message] } });

    public static ProblemHttpResult Unauthorized(string code, string detail) => Create(StatusCodes.Status401Unauthorized, code, detail);

    public static ProblemHttpResult NotFound(string detail) => Create(StatusCodes.Status404NotFound, ErrorCodes.NotFound, detail);

    public static ProblemHttpResult Conflict(string code, string detail) => Create(StatusCodes.Status409Conflict, code, detail);

    public static string Title(int status) => status switch
    {
        400 => "Bad request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not found",
        405 => "Method not allowed",
        409 => "Conflict",
        410 => "Gone",
        413 => "Payload too large",
        414 => "URI too long",
        415 => "Unsupported media type",
        429 => "Too many requests",
        431 => "Request header fields too large",
        503 => "Service unavailable",
        _ => status >= 500 ? "Server error" : "Request failed",
    };
}
