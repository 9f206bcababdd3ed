using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace PowerAutomation.Gateway.Errors;

/// <summary>
/// Turns exceptions into problems: request-binding failures are the client's (4xx with the reason), an
/// unreachable cluster is 503 with Retry-After, anything else is a logged 500.
/// </summary>
public sealed partial class GatewayExceptionHandler(IProblemDetailsService problems, ILogger<GatewayExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException && httpContext.RequestAborted.IsCancellationRequested)
        {
            return true;
        }

        var (status, code, detail) = Classify(exception);
        if (status >= 500)
        {
            if (status == StatusCodes.Status503ServiceUnavailable)
            {
                httpContext.Response.Headers.RetryAfter = "2";
                LogClusterUnavailable(exception, httpContext.Request.Path);
            }
            else
            {
                LogUnhandled(exception, httpContext.Request.Method, httpContext.Request.Path);
            }
        }

        httpContext.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails
            {
                Status = status,
                Title = Problems.Title(status),
                Detail = detail,
                Extensions = { ["code"] = code },
            },
        });
    }

    private static (int Status, string Code, string Detail) Classify(Exception exception) => exception switch
    {
        BadHttpRequestException { InnerException: JsonException json } =>
            (400, ErrorCodes.InvalidJson, DescribeJson(json)),
        BadHttpRequestException { StatusCode: 413 } =>
            (413, ErrorCodes.PayloadTooLarge, "The request body is larger than this endpoint accepts."),
        BadHttpRequestException { StatusCode: 415 } =>
            (415, ErrorCodes.UnsupportedMediaType, "Send the body as application/json."),
        BadHttpRequestException bad =>
            (bad.StatusCode, ErrorCodes.ForStatus(bad.StatusCode), bad.Message),
        TimeoutException or SiloUnavailableException or OrleansMessageRejectionException or Orleans.Runtime.Messaging.ConnectionFailedException =>
            (503, ErrorCodes.ClusterUnavailable, "The cluster did not answer in time; retry shortly."),
        System.Data.Common.DbException or OrleansException { InnerException: System.Data.Common.DbException } =>
            (503, ErrorCodes.StorageUnavailable, "The database did not answer; nothing was changed that you were told about. Retry shortly."),
        _ => (500, ErrorCodes.InternalError, "An unexpected error occurred; it has been logged with the trace id."),
    };

    private static string DescribeJson(JsonException json)
    {
        var path = string.IsNullOrEmpty(json.Path) ? "" : $" at {json.Path}";
        return json.Message.Contains("could not be converted", StringComparison.Ordinal)
            ? $"A field has the wrong type{path}."
            : $"The body is not valid JSON{path}.";
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cluster unavailable while serving {Path}")]
    private partial void LogClusterUnavailable(Exception exception, string path);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled error serving {Method} {Path}")]
    private partial void LogUnhandled(Exception exception, string method, string path);
}
