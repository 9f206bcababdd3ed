using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using PowerAutomation.Gateway.Errors;
using PowerAutomation.Grains.Abstractions.Identity;

namespace PowerAutomation.Gateway.Identity;

/// <summary>The caller's sign-ins: list them, end one, end every other. An ended session's tokens stop within seconds.</summary>
public static class SessionsApi
{
    public static RouteGroupBuilder MapSessionsApi(this RouteGroupBuilder me)
    {
        me.MapGet("/sessions", List).WithSummary("Open sessions, newest first; current marks the one this token belongs to");
        me.MapDelete("/sessions/{sessionId:guid}", End).WithSummary("Ends one session (its refresh token and access tokens stop working)");
        me.MapPost("/sessions/end-others", EndOthers).WithSummary("Ends every session but the current one: {ended}");
        return me;
    }

    public static async Task<Ok<List<SessionResponse>>> List(ClaimsPrincipal user, IClusterClient cluster)
    {
        var current = user.SessionId();
        var sessions = await cluster.GetGrain<IUserGrain>(user.UserId()).GetSessions();
        return TypedResults.Ok(sessions.Select(s => new SessionResponse(
            s.SessionId, s.CreatedAt, s.LastUsedAt, s.DeviceId, s.SessionId == current, s.IpAddress, s.UserAgent)).ToList());
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> End(Guid sessionId, ClaimsPrincipal user, IClusterClient cluster) =>
        await cluster.GetGrain<IUserGrain>(user.UserId()).EndSession(sessionId)
            ? TypedResults.NoContent()
            : Problems.NotFound("You have no open session with this id.");

    public static async Task<Ok<EndedSessionsResponse>> EndOthers(ClaimsPrincipal user, IClusterClient cluster)
    {
        // With an API key there is no current session: every sign-in ends, the key keeps working.
        var ended = await cluster.GetGrain<IUserGrain>(user.UserId()).EndOtherSessions(user.SessionId(), "ended");
        return TypedResults.Ok(new EndedSessionsResponse(ended));
    }
}

public sealed record SessionResponse(
    Guid SessionId, DateTimeOffset CreatedAt, DateTimeOffset LastUsedAt, string? DeviceId, bool Current, string? IpAddress, string? UserAgent);

public sealed record EndedSessionsResponse(int Ended);
