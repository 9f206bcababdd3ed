using System.Text.Json;
using PowerAutomation.Ai.Protocols;

namespace PowerAutomation.Gateway.Ai;

/// <summary>
/// Problems on <c>/v1/*</c> leave in the vendor's own error shape (OpenAI's, or Anthropic's on /v1/messages), so
/// SDKs raise their usual errors; our stable <c>code</c> rides in the error object. Registered before the default
/// problem+json writer, so every path that writes a problem (auth challenge, 413, 429, exceptions) is covered.
/// </summary>
public sealed class VendorProblemWriter : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => AiSetup.IsVendorPath(context.HttpContext);

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var http = context.HttpContext;
        var status = context.ProblemDetails.Status ?? http.Response.StatusCode;
        var code = context.ProblemDetails.Extensions.TryGetValue("code", out var value) && value is not null
            ? value.ToString()! : PowerAutomation.Gateway.Errors.ErrorCodes.ForStatus(status);
        var message = context.ProblemDetails.Detail ?? context.ProblemDetails.Title ?? "The request failed.";
        return new ValueTask(WriteAsync(http, status, code, message));
    }

    public static Task WriteAsync(HttpContext http, int status, string code, string message)
    {
        var body = AiSetup.IsAnthropicPath(http)
            ? AnthropicMessagesFormat.Error(status, code, message)
            : OpenAiChatFormat.Error(status, code, message);
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        return http.Response.WriteAsync(body.ToJsonString());
    }

}
