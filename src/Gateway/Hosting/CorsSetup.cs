using Microsoft.Extensions.Options;
using PowerAutomation.Gateway.Errors;

namespace PowerAutomation.Gateway.Hosting;

/// <summary>
/// CORS for other web clients (API.md, "Web app"): only origins listed in <c>Gateway:Cors:Origins</c> get
/// <c>Access-Control-Allow-Origin</c> (their own origin echoed, with <c>Vary: Origin</c>). Tokens travel as bearer
/// headers, not cookies, so credentials are never allowed. Preflights are answered by the CORS middleware before
/// rate limiting and authentication, so they cost nothing and need no token.
/// </summary>
public static class CorsSetup
{
    public static readonly string[] Methods = ["GET", "POST", "PUT", "PATCH", "DELETE"];

    public static readonly string[] Headers = ["Authorization", "Content-Type", "Idempotency-Key", RequestIdMiddleware.HeaderName, "anthropic-version", "anthropic-beta"];

    public static readonly string[] ExposedHeaders =
        [RequestIdMiddleware.HeaderName, "Retry-After", "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset", "traceparent"];

    /// <summary>How long a browser may reuse a preflight's answer.</summary>
    public static readonly TimeSpan PreflightMaxAge = TimeSpan.FromMinutes(10);

    public static IServiceCollection AddGatewayCors(this IServiceCollection services)
    {
        services.AddOptions<GatewayCorsOptions>().BindConfiguration(GatewayCorsOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<GatewayCorsOptions>, CorsOriginsValidator>();
        services.AddCors();
        services.AddOptions<Microsoft.AspNetCore.Cors.Infrastructure.CorsOptions>().Configure<IOptions<GatewayCorsOptions>>((cors, gateway) =>
            cors.AddDefaultPolicy(policy => policy
                .WithOrigins([.. gateway.Value.Origins.Select(Normalize)])
                .WithMethods(Methods)
                .WithHeaders(Headers)
                .WithExposedHeaders(ExposedHeaders)
                .SetPreflightMaxAge(PreflightMaxAge)));
        return services;
    }

    /// <summary>
    /// Early in the pipeline (before limits and identity), and only when some origin is configured. Read from the
    /// configuration as it stands: the origins themselves are validated when the gateway starts.
    /// </summary>
    public static WebApplication UseGatewayCors(this WebApplication app)
    {
        if (app.Configuration.GetSection(GatewayCorsOptions.Section).Get<GatewayCorsOptions>() is { Origins.Count: > 0 })
        {
            app.UseCors();
        }

        return app;
    }

    /// <summary>Why <paramref name="origin"/> is not a usable origin, or null when it is one.</summary>
    public static string? Problem(string? origin)
    {
        if (string.IsNullOrWhiteSpace(origin) || !Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return "is not an absolute http or https URL";
        }

        // The form a browser sends in Origin: scheme, host and port only.
        if (uri.UserInfo.Length > 0 || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.AbsolutePath != "/" || origin.EndsWith('/'))
        {
            return "has a path, query, fragment or user name; an origin is scheme://host[:port] only";
        }

        return null;
    }

    /// <summary>The origin as browsers spell it: lower-case scheme and host, no default port.</summary>
    private static string Normalize(string origin) => new Uri(origin).GetLeftPart(UriPartial.Authority);

    private sealed class CorsOriginsValidator : IValidateOptions<GatewayCorsOptions>
    {
        public ValidateOptionsResult Validate(string? name, GatewayCorsOptions options)
        {
            var failures = options.Origins
                .Select((origin, i) => Problem(origin) is { } problem ? $"{GatewayCorsOptions.Section}:Origins:{i} ('{origin}') {problem}." : null)
                .OfType<string>()
                .ToList();
            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }
    }
}
