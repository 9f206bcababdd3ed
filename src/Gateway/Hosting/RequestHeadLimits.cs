using PowerAutomation.Gateway.Errors;

namespace PowerAutomation.Gateway.Hosting;

/// <summary>
/// The gateway's own bounds on a request's head, answered as problem+json: headers over
/// <see cref="GatewayOptions.MaxRequestHeaderBytes"/> are 431 <c>headers_too_large</c>, a target (path and query)
/// over <see cref="GatewayOptions.MaxRequestTargetBytes"/> is 414 <c>uri_too_long</c>. Kestrel's own limits, which
/// answer with an empty body, are set to <see cref="KestrelFactor"/> times these, so they are only a backstop
/// against heads too large to be worth parsing.
/// </summary>
public sealed class RequestHeadLimits(int maxHeaderBytes, int maxTargetBytes)
{
    public const int KestrelFactor = 4;

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var request = context.Request;
        var target = request.Path.Value?.Length + request.QueryString.Value?.Length ?? 0;
        if (target > maxTargetBytes)
        {
            await Problems.Create(StatusCodes.Status414UriTooLong, ErrorCodes.UriTooLong,
                $"The request target may have at most {maxTargetBytes} characters.").ExecuteAsync(context);
            return;
        }

        long headerBytes = 0;
        foreach (var (name, values) in request.Headers)
        {
            foreach (var value in values)
            {
                headerBytes += name.Length + (value?.Length ?? 0) + 4; // "name: value\r\n"
            }
        }

        if (headerBytes > maxHeaderBytes)
        {
            await Problems.Create(StatusCodes.Status431RequestHeaderFieldsTooLarge, ErrorCodes.HeadersTooLarge,
                $"The request headers may have at most {maxHeaderBytes} bytes in all.").ExecuteAsync(context);
            return;
        }

        await next(context);
    }
}
