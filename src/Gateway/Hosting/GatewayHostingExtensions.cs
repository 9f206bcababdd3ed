using PowerAutomation.Gateway.Agents;
using PowerAutomation.Gateway.Ai;
using PowerAutomation.Gateway.Audit;
using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing;
using PowerAutomation.Gateway.Errors;
using PowerAutomation.Gateway.Health;
using PowerAutomation.Gateway.Documents;
using PowerAutomation.Gateway.Documents.Live;
using PowerAutomation.Gateway.Identity;
using PowerAutomation.Gateway.Identity.Oidc;
using PowerAutomation.Gateway.Identity.Device;
using PowerAutomation.Gateway.Integrations;
using PowerAutomation.Gateway.Licensing;
using PowerAutomation.Gateway.Organizations;
using PowerAutomation.Gateway.Projects;
using PowerAutomation.Gateway.Quotas;
using PowerAutomation.Gateway.Search;
using PowerAutomation.Gateway.WebApp;
using PowerAutomation.Gateway.Workflows;
using PowerAutomation.Gateway.Workflows.Secrets;
using PowerAutomation.Gateway.Workflows.Approvals;
using PowerAutomation.Gateway.Workflows.Triggers;

namespace PowerAutomation.Gateway.Hosting;

public static class GatewayHostingExtensions
{
    private static readonly TimeSpan AuthRefillPeriod = TimeSpan.FromSeconds(10);

    /// <summary>HTTP concerns of the gateway: limits, errors, authentication, rate limits, OpenAPI.</summary>
    public static IHostApplicationBuilder AddGatewayHttp(this WebApplicationBuilder builder)
    {
        var gateway = builder.Configuration.GetSection(GatewayOptions.Section).Get<GatewayOptions>() ?? new GatewayOptions();
        builder.Services.AddOptions<GatewayOptions>().BindConfiguration(GatewayOptions.Section).ValidateDataAnnotations()
            .Validate(o => o.KnownProxies.All(ForwardedHeadersSetup.IsValidEntry), "Gateway:KnownProxies holds IP addresses or CIDR networks only.")
            .Validate(o => Uri.TryCreate(o.PublicUrl, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"
                && string.IsNullOrEmpty(url.Query) && string.IsNullOrEmpty(url.Fragment),
                "Gateway:PublicUrl must be an absolute http(s) URL without query or fragment.")
            .ValidateOnStart();
        builder.Services.AddSingleton(gateway);
        builder.Services.AddGatewayForwardedHeaders(gateway);
        builder.Services.AddGatewayCors();
        builder.Services.AddOptions<Identity.AccountMailThrottleOptions>().BindConfiguration(Identity.AccountMailThrottleOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<LiveOptions>().BindConfiguration(LiveOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<DocumentFeeds>();
        builder.Services.AddSingleton<LiveConnections>();
        builder.Services.AddOptions<FeishuOptions>().BindConfiguration(FeishuOptions.Section).ValidateDataAnnotations()
            .Validate(o => !o.Enabled || (!string.IsNullOrEmpty(o.EncryptKey) && !string.IsNullOrEmpty(o.VerificationToken)),
                "Integrations:Feishu:EncryptKey and VerificationToken are required when the integration is enabled.")
            .ValidateOnStart();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = gateway.MaxRequestBodyBytes;
            // Kestrel answers its own head limits with an empty body; ours (RequestHeadLimits) answer first, as problems.
            kestrel.Limits.MaxRequestHeadersTotalSize = gateway.MaxRequestHeaderBytes * RequestHeadLimits.KestrelFactor;
            kestrel.Limits.MaxRequestLineSize = gateway.MaxRequestTargetBytes * RequestHeadLimits.KestrelFactor;
            kestrel.AddServerHeader = false;
        });

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.Services.ConfigureHttpJsonOptions(options =>
        {
            // The web defaults read "3" as 3; the contract says numbers are numbers (API.md, hardening rules).
            options.SerializerOptions.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict;
            options.SerializerOptions.Converters.Add(new PowerAutomation.Grains.Abstractions.Documents.TextOperationJsonConverter());
        });
        // The vendor-shaped writer goes first: problems on /v1/* leave as OpenAI or Anthropic errors.
        builder.Services.AddSingleton<IProblemDetailsWriter, PowerAutomation.Gateway.Ai.VendorProblemWriter>();
        builder.Services.AddGatewayProblemDetails();
        builder.Services.AddGatewayAi();
        builder.Services.AddGatewayAgents();
        builder.Services.AddGatewayAuthentication();
        builder.Services.AddGatewayOidc();
        builder.Services.AddOpenApi();
        builder.Services.AddWebApp();
        builder.Services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = (context, _) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : AuthRefillPeriod;
                context.HttpContext.Response.Headers.RetryAfter =
                    Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                return ValueTask.CompletedTask;
            };
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                RateLimitPartition.GetFixedWindowLimiter(ClientAddress(context), _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = gateway.RequestsPerSecondPerAddress,
                    Window = TimeSpan.FromSeconds(1),
                }));
            // A minute's allowance as a bucket refilled every few seconds: bursts are fine, floods are not.
            options.AddPolicy(AuthApi.RateLimitPolicy, context =>
                RateLimitPartition.GetTokenBucketLimiter(ClientAddress(context), _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = gateway.AuthRequestsPerMinutePerAddress,
                    TokensPerPeriod = Math.Max(1, gateway.AuthRequestsPerMinutePerAddress / 6),
                    ReplenishmentPeriod = AuthRefillPeriod,
                    QueueLimit = 0,
                }));
        });
        return builder;
    }

    /// <summary>The middleware order matters: the client's address, ids, errors, CORS, limits, identity, then body text.</summary>
    public static WebApplication UseGatewayPipeline(this WebApplication app)
    {
        var gateway = app.Services.GetRequiredService<GatewayOptions>();
        app.UseGatewayForwardedHeaders(gateway);
        app.UseMiddleware<RequestIdMiddleware>();
        app.UseExceptionHandler();

        // Before every refusal below, so a browser can read those too; a preflight ends here.
        app.UseGatewayCors();
        app.Use(new RequestHeadLimits(gateway.MaxRequestHeaderBytes, gateway.MaxRequestTargetBytes).InvokeAsync);
        app.UseStatusCodePages();
        app.UseRouting();
        app.Use(RejectOversizedBodies);
        app.UseRateLimiter();
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(20) });
        app.UseAuthentication();
        app.UseAuthorization();
        app.Use(JsonTextMiddleware.InvokeAsync);
        return app;
    }

    public static WebApplication MapGatewayApis(this WebApplication app)
    {
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapHealthApi();
        app.MapAuthApi();
        app.MapOidcApi();
        app.MapMeApi();
        app.MapDeviceAuthorizationApi();
        app.MapAccountMailApi();
        app.MapLicensesApi();
        app.MapQuotaApi();
        app.MapFeishuEventsApi();
        app.MapProjectsApi();
        app.MapSearchApi();
        app.MapDocumentsApi();
        app.MapLiveApi();
        app.MapAiApi();
        app.MapAgentsApi();
        app.MapWorkflowsApi();
        app.MapRunsApi();
        app.MapWorkflowListingApi();
        app.MapSecretsApi();
        app.MapTriggersApi();
        app.MapApprovalsApi();
        app.MapAdminUsersApi();
        app.MapAuditApi();
        app.MapLicenseListingApi();
        app.MapClusterApi();
        app.MapOrgsApi();
        app.MapWebApp();
        return app;
    }

    private static string ClientAddress(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    // Endpoints may carry their own limit (documents take bigger bodies); a declared length over the limit is
    // refused before any byte is read.
    private static async Task RejectOversizedBodies(HttpContext context, RequestDelegate next)
    {
        var feature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (feature is { IsReadOnly: false }
            && context.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IRequestSizeLimitMetadata>() is { } endpointLimit)
        {
            feature.MaxRequestBodySize = endpointLimit.MaxRequestBodySize;
        }

        var limit = feature?.MaxRequestBodySize;
        if (limit is not null && context.Request.ContentLength > limit)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            await Problems.Create(StatusCodes.Status413PayloadTooLarge, ErrorCodes.PayloadTooLarge,
                $"The request body may have at most {limit} bytes.").ExecuteAsync(context);
            return;
        }

        await next(context);
    }
}
