using System.Net.WebSockets;
using System.Security.Claims;
using Microsoft.Extensions.Options;
using PowerAutomation.Gateway.Errors;
using PowerAutomation.Gateway.Identity;
using PowerAutomation.Grains.Abstractions.Documents;
using PowerAutomation.Grains.Abstractions.Identity;

namespace PowerAutomation.Gateway.Documents.Live;

/// <summary><c>GET /api/v1/documents/{documentId}/live</c>: the WebSocket protocol of API.md.</summary>
public static partial class LiveApi
{
    public static IEndpointRouteBuilder MapLiveApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/v1/documents/{documentId:guid}/live", Connect).WithTags("Documents").RequireAuthorization()
            .RequireScope(ApiScopes.DocumentsRead);
        return routes;
    }

    public static async Task<IResult> Connect(
        Guid documentId, string? session, HttpContext context, ClaimsPrincipal user, IClusterClient cluster,
        DocumentFeeds feeds, LiveConnections connections, SessionChecks checks, IOptions<LiveOptions> options, ILoggerFactory logs)
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

        using var slot = connections.TryOpen(user.UserId(), documentId, out var refusal);
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        if (slot is null)
        {
            // Refused after the upgrade, so a browser, which cannot read a refused upgrade's status, is told why.
            await RefuseAsync(socket, LiveConnections.TooManyConnections, refusal, context.RequestAborted);
            return Results.Empty;
        }

        // A key without documents:write may join and watch; its operations are refused like a viewer's (insufficient_scope).
        var live = new LiveSession(socket, document, user.UserId(), session, user.HasApiScope(ApiScopes.DocumentsWrite),
            connections, options.Value, logs.CreateLogger<LiveSession>());

        // The token was checked at the upgrade; a connection lives longer, so it is held to the token's worth now.
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        var watch = checks.WatchAsync(user, live.EndForTokenAsync, watching.Token);

        // Subscribe before joining, so nothing published after the snapshot is missed.
        await using (await feeds.SubscribeAsync(documentId, live.Receive))
        {
            await live.RunAsync(context.RequestAborted);
        }

        await watching.CancelAsync();
        await watch;

        return Results.Empty;
    }

    private static async Task RefuseAsync(WebSocket socket, string code, string message, CancellationToken token)
    {
        try
        {
            await socket.SendAsync(LiveFrames.Bytes(LiveFrames.Error(code, message)), WebSocketMessageType.Text, endOfMessage: true, token);
            await socket.CloseOutputAsync((WebSocketCloseStatus)LiveSession.TooMany, code, token);
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException)
        {
            // The client left first.
        }
    }
}
