using System.Diagnostics;
using Microsoft.AspNetCore.Http.Features;

namespace PowerAutomation.Gateway.Errors;

/// <summary>
/// Every error leaves as problem+json with a <c>code</c>, a trace id and the request id: problems written by
/// handlers, by the exception handler, and bare status codes set by the framework (404, 405, 413, 415 …).
/// </summary>
public static class ProblemDetailsSetup
{
    public static IServiceCollection AddGatewayProblemDetails(this IServiceCollection services)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var status = context.ProblemDetails.Status ?? context.HttpContext.Response.StatusCode;
            context.ProblemDetails.Title ??= Problems.Title(status);
            context.ProblemDetails.Extensions.TryAdd("code", ErrorCodes.ForStatus(status));
            context.ProblemDetails.Extensions["traceId"] = Activity.Current?.TraceId.ToString()
                ?? context.HttpContext.Features.Get<IHttpActivityFeature>()?.Activity.TraceId.ToString();
            if (context.HttpContext.Items.TryGetValue(RequestIdMiddleware.ItemKey, out var requestId))
            {
                context.ProblemDetails.Extensions["requestId"] = requestId;
            }
        });
        services.AddExceptionHandler<GatewayExceptionHandler>();
        return services;
    }
}
