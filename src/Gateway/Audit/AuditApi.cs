using Microsoft.AspNetCore.Http.HttpResults;
using PowerAutomation.Gateway.Errors;
using PowerAutomation.Gateway.Identity;
using PowerAutomation.Gateway.Paging;
using PowerAutomation.Gateway.Quotas;
using PowerAutomation.Grains.Abstractions.Audit;

namespace PowerAutomation.Gateway.Audit;

/// <summary><c>GET /api/v1/admin/audit</c>: the security audit log for administrators, newest first, filtered and paged.</summary>
public static class AuditApi
{
    private const int MaxKindLength = 64;

    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/v1/admin/audit", List).WithTags("Audit")
            .RequireAuthorization(GatewayClaims.AdminPolicy).AddEndpointFilter<RequestRateFilter>()
            .WithSummary("Audit events, newest first: userId, kind (exact), from (inclusive) and to (exclusive) filter; {items, nextCursor}");
        return routes;
    }

    public static async Task<Results<Ok<PageResponse<AuditEventResponse>>, ProblemHttpResult>> List(
        string? userId, string? kind, string? from, string? to, string? cursor, string? limit, IClusterClient cluster,
        CancellationToken cancellationToken)
    {
        if (!TryReadQuery(userId, kind, from, to, out var query, out var problem)
            || !PageQuery.TryRead(cursor, limit, out var page, out problem))
        {
            return problem;
        }

        var found = await cluster.GetGrain<IAuditQueryGrain>(0).List(query, page.After, page.Limit).WaitAsync(cancellationToken);
        return TypedResults.Ok(PageResponse<AuditEventResponse>.From(found, e => new AuditEventResponse(
            e.Id, e.Event.OccurredAt, e.Event.Kind, e.Event.UserId, e.Event.Subject, e.Event.IpAddress, e.Event.Detail)));
    }

    private static bool TryReadQuery(string? userId, string? kind, string? from, string? to, out AuditQuery query,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out ProblemHttpResult? problem)
    {
        query = new AuditQuery(null, null, null, null);
        problem = null;
        Guid? user = null;
        if (!string.IsNullOrEmpty(userId))
        {
            if (!Guid.TryParse(userId, out var id))
            {
                problem = Problems.Validation("userId", "userId must be a user id (a UUID).");
                return false;
            }

            user = id;
        }

        if (kind is { Length: > 0 } && (kind.Length > MaxKindLength || !kind.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '_')))
        {
            problem = Problems.Validation("kind", $"kind is an event kind such as login.failed: lowercase letters, digits, '.' and '_', at most {MaxKindLength}.");
            return false;
        }

        if (!TimeRangeQuery.TryRead(from, to, out var start, out var end, out problem))
        {
            return false;
        }

        query = new AuditQuery(user, string.IsNullOrEmpty(kind) ? null : kind, start, end);
        return true;
    }
}

/// <summary>One audit event as administrators read it; <c>subject</c> is usually the e-mail the event was about.</summary>
public sealed record AuditEventResponse(
    long Id, DateTimeOffset OccurredAt, string Kind, Guid? UserId, string? Subject, string? IpAddress, string? Detail);
