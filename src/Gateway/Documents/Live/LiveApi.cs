using System.Security.Claims;
using Microsoft.Extensions.Options;
using PowerAutomation.Gateway.Errors;
using PowerAutomation.Gateway.Identity;
using PowerAutomation.Grains.Abstractions.Documents;

namespace PowerAutomation.Gateway.Documents.Live;

/// <summary><c>GET /api/v1/documents/{documentId}/live</c>: the WebSocket protocol of API.md.</summary>
public static partial class LiveApi
{
    public static IEndpointRouteBuilder MapLiveApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/v1/documents/{documentId:guid}/live", Connect).WithTags("Documents").RequireAuthorization();
        return routes;
    }

    public static async Task<IResult> Connect(
        Guid documentId, string? session, HttpContext context, ClaimsPrincipal user, IClusterClient cluster,
        DocumentFeeds feeds, IOptions<LiveOptions> options, ILoggerFactory logs)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            return Problems.BadRequest("websocket_required", "Connect with a WebSocket upgrade.");
        }

        if (session is not { Length: > 0 and <= 128 } || session.Any(char.IsControl))
        {
            return Problems.Validation("session", "session is required: 1-128 characters, the same across reconnects of one tab.");
        }

        var document = cluster.GetGrain<IDocumentGrain>(documentId);
        if (await document.GetRevision() < 0)
        {
            return Problems.NotFound("No such document.");
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var live = new LiveSession(socket, document, user.UserId(), session, options.Value, logs.CreateLogger<LiveSession>());

        // Subscribe before joining, so nothing published after the snapshot is missed.
        await using (await feeds.SubscribeAsync(documentId, live.Receive))
        {
            await live.RunAsync(context.RequestAborted);
        }

        return Results.Empty;
    }
}
