using System.IO.Compression;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.FileProviders;

namespace PowerAutomation.Gateway.WebApp;

/// <summary>
/// Serves the browser app (API.md "Web app"): hashed assets under <c>/assets</c> cached for a year, and
/// <c>index.html</c> for each of the app's own routes, never cached, so a new build is picked up at once.
/// API routes are untouched: an unknown <c>/api/...</c> path is still a problem+json 404.
/// </summary>
public static partial class WebAppSetup
{
    /// <summary>The app's client-side routes; each answers index.html and the app renders the page.</summary>
    public static readonly string[] Pages =
    [
        "/", "/projects/{**rest}", "/documents/{**rest}", "/workflows", "/workflows/{**rest}", "/runs/{**rest}",
        "/licenses", "/admin", "/admin/{**rest}", "/auth/callback", "/device", "/account", "/account/{**rest}",
        "/orgs", "/orgs/{**rest}", "/forgot-password", "/reset-password", "/verify-email",
    ];

    public static IServiceCollection AddWebApp(this IServiceCollection services)
    {
        services.AddOptions<WebAppOptions>().BindConfiguration(WebAppOptions.Section);
        // Only the app's assets are compressed (see MapWebApp): the bundle is text, fetched once and cached.
        services.AddResponseCompression(options =>
        {
            options.EnableForHttps = true; // immutable public files: nothing secret for a compression side channel to learn
            options.Providers.Add<BrotliCompressionProvider>();
            options.Providers.Add<GzipCompressionProvider>();
        });
        services.Configure<BrotliCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        services.Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        return services;
    }

    public static WebApplication MapWebApp(this WebApplication app)
    {
        var options = app.Configuration.GetSection(WebAppOptions.Section).Get<WebAppOptions>() ?? new WebAppOptions();
        var root = options.ResolveRoot(app.Environment.ContentRootPath);
        var index = root is null ? null : Path.Combine(root, "index.html");
        if (index is null || !File.Exists(index))
        {
            LogNotBuilt(app.Logger, root ?? "(no repository found)");
            foreach (var page in Pages)
            {
                app.MapMethods(page, ["GET", "HEAD"], NotBuilt).ExcludeFromDescription().AllowAnonymous();
            }

            return app;
        }

        LogServing(app.Logger, root!);
        var assets = new PhysicalFileProvider(Path.Combine(root!, "assets"));
        app.UseWhen(http => http.Request.Path.StartsWithSegments("/assets"), branch => branch.UseResponseCompression());
        app.UseStaticFiles(new StaticFileOptions
        {
            RequestPath = "/assets",
            FileProvider = assets,
            OnPrepareResponse = context =>
            {
                AppSecurityHeaders.Apply(context.Context.Response.Headers);
                // File names carry a content hash: a changed file is a new name.
                context.Context.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
            },
        });
        foreach (var page in Pages)
        {
            app.MapMethods(page, ["GET", "HEAD"], (HttpContext http) => ServeIndexAsync(http, index)).ExcludeFromDescription().AllowAnonymous();
        }

        return app;
    }

    private static async Task ServeIndexAsync(HttpContext http, string index)
    {
        AppSecurityHeaders.Apply(http.Response.Headers);
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.ContentType = "text/html; charset=utf-8";
        await http.Response.SendFileAsync(index, http.RequestAborted);
    }

    private static IResult NotBuilt(HttpContext http)
    {
        AppSecurityHeaders.Apply(http.Response.Headers);
        return Results.Content(
            "<!doctype html><title>ClaudeEditor</title><h1>The web app is not built</h1>" +
            "<p>Run <code>./pa up</code> (or <code>cd web &amp;&amp; npm ci &amp;&amp; node build.mjs</code>) and reload.</p>",
            "text/html; charset=utf-8", statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Serving the web app from {Root}")]
    private static partial void LogServing(ILogger logger, string root);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The web app is not built (no index.html under {Root}); its pages answer 503 until it is")]
    private static partial void LogNotBuilt(ILogger logger, string root);
}
