using System.Diagnostics;

namespace PowerAutomation.Gateway.Errors;

/// <summary>
/// Gives every response an <c>X-Request-Id</c> (the caller's, when it is sane, else a new one) and a
/// <c>traceparent</c> naming the server's span, and puts the request id on the log scope and the trace.
/// </summary>
public sealed partial class RequestIdMiddleware(RequestDelegate next, ILogger<RequestIdMiddleware> logger)
{
    public const string HeaderName = "X-Request-Id";
    public const string ItemKey = "pa.requestId";

    public async Task InvokeAsync(HttpContext context)
    {
        var incoming = context.Request.Headers[HeaderName].ToString();
        var requestId = IsAcceptable(incoming) ? incoming : Guid.NewGuid().ToString("N");
        context.Items[ItemKey] = requestId;
        Activity.Current?.SetTag("http.request_id", requestId);

        context.Response.OnStarting(() =>
        {
            context.Response.Headers[HeaderName] = requestId;
            if (Activity.Current is { } activity)
            {
                context.Response.Headers["traceparent"] = activity.Id;
            }

            return Task.CompletedTask;
        });

        using (logger.BeginScope(new Dictionary<string, object> { ["RequestId"] = requestId }))
        {
            await next(context);
        }
    }

    private static bool IsAcceptable(string value) =>
        value.Length is > 0 and <= 128 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':');
}
