using System.Text.Json.Nodes;

namespace PowerAutomation.Gateway.Agents.Tools;

/// <summary>
/// What a tool answers: JSON, or, when <see cref="IsError"/>, <c>{code, message, field?}</c> with the API's stable
/// error <c>code</c> (<c>forbidden</c>, <c>not_found</c>, <c>validation_failed</c> …).
/// </summary>
public sealed record ToolResult(bool IsError, JsonNode Body)
{
    public string Text => Body.ToJsonString();

    /// <summary>The error code of a failed call; null for a success.</summary>
    public string? Code => IsError ? Body["code"]?.GetValue<string>() : null;

    public static ToolResult Ok(JsonNode body) => new(false, body);

    public static ToolResult Error(string code, string message, string? field = null, int? status = null)
    {
        var body = new JsonObject { ["code"] = code, ["message"] = message };
        if (field is not null)
        {
            body["field"] = field;
        }

        if (status is not null)
        {
            body["status"] = status;
        }

        return new(true, body);
    }
}
