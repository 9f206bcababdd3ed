using Microsoft.AspNetCore.Http.Features;
using PowerAutomation.Gateway.Errors;
using PowerAutomation.Grains.Abstractions.Json;

namespace PowerAutomation.Gateway.Hosting;

/// <summary>
/// Refuses a JSON body whose strings cannot be kept (an unpaired surrogate escape, U+0000, bytes that are not
/// UTF-8) with 400 <c>invalid_json</c> before any endpoint reads it; otherwise each parser in the gateway, the
/// grains and PostgreSQL would fail on them in its own way, some as a 500 and some half-way through a change.
/// The body is read once (within the endpoint's size limit, which Kestrel enforces while reading) and handed on.
/// </summary>
public static class JsonTextMiddleware
{
    public static async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var request = context.Request;
        if (context.WebSockets.IsWebSocketRequest || request.ContentLength == 0 || !request.HasJsonContentType()
            || HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
        {
            await next(context);
            return;
        }

        var limit = context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;
        using var body = new MemoryStream(request.ContentLength is { } length && length <= (limit ?? length) ? (int)Math.Min(length, int.MaxValue) : 0);
        await request.Body.CopyToAsync(body, context.RequestAborted);
        if (JsonTextRules.FindUnusableString(body.GetBuffer().AsSpan(0, (int)body.Length)) is { } problem)
        {
            await Problems.Create(StatusCodes.Status400BadRequest, ErrorCodes.InvalidJson, problem).ExecuteAsync(context);
            return;
        }

        body.Position = 0;
        request.Body = body;
        await next(context);
    }
}
