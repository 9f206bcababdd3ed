using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using PowerAutomation.Gateway.Errors;

namespace PowerAutomation.Gateway.Agents.Tools;

/// <summary>
/// Reads what an API handler answered as a tool result: a value as its JSON (as the API would have sent it), a
/// problem as an error with its stable <c>code</c> and, for validation problems, the field.
/// </summary>
public static class ApiResults
{
    public static ToolResult From(IResult result, JsonSerializerOptions json, Func<JsonNode>? noValue = null)
    {
        while (result is INestedHttpResult nested)
        {
            result = nested.Result;
        }

        if (result is ProblemHttpResult problem)
        {
            var details = problem.ProblemDetails;
            var code = details.Extensions.TryGetValue("code", out var c) && c is string text ? text : ErrorCodes.ForStatus(problem.StatusCode);
            var field = details.Extensions.TryGetValue("errors", out var errors) && errors is IDictionary<string, string[]> fields
                ? fields.Keys.FirstOrDefault()
                : null;
            return ToolResult.Error(code, details.Detail ?? details.Title ?? code, field, problem.StatusCode);
        }

        if (result is IValueHttpResult { Value: { } value })
        {
            return ToolResult.Ok(JsonSerializer.SerializeToNode(value, value.GetType(), json)!);
        }

        return result is IStatusCodeHttpResult { StatusCode: >= 400 and var status }
            ? ToolResult.Error(ErrorCodes.ForStatus(status), $"The call was refused ({status}).", status: status)
            : ToolResult.Ok(noValue?.Invoke() ?? new JsonObject { ["ok"] = true });
    }
}
