using PowerAutomation.Ai.Calls;
using PowerAutomation.Gateway.Errors;
using PowerAutomation.Gateway.Identity;
using PowerAutomation.Grains.Abstractions.Identity;

namespace PowerAutomation.Gateway.Ai;

/// <summary>
/// The <see cref="AiCaller"/> of a request: the signed-in user and their edition, the API key and its own
/// <c>aiSpendPerDay</c> (from the key's claims), the task (<c>X-PA-Task</c>, else the endpoint's own) and the request id.
/// </summary>
public static class AiCallers
{
    public const string TaskHeader = "X-PA-Task";
    private const int MaxTaskLength = 64;

    /// <summary>The caller, or null with <paramref name="error"/> when the task header is malformed.</summary>
    public static async Task<(AiCaller? Caller, string? Error)> OfAsync(HttpContext http, IClusterClient cluster, string? endpointTask)
    {
        var task = http.Request.Headers[TaskHeader].ToString();
        if (task.Length > 0 && (task.Length > MaxTaskLength || !task.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_' or '.')))
        {
            return (null, $"{TaskHeader} is a task name: lowercase letters, digits, '-', '_' and '.', at most {MaxTaskLength}.");
        }

        var user = http.User.UserId();
        var edition = (await cluster.GetGrain<IUserGrain>(user).GetEntitlements()).Edition;
        var requestId = http.Items.TryGetValue(RequestIdMiddleware.ItemKey, out var id) && id is string text ? text : http.TraceIdentifier;
        return (new AiCaller(user, edition, requestId, http.User.FindFirst(GatewayClaims.ApiKey)?.Value, ApiKeyLimits.AiSpendPerDay(http.User),
            task.Length > 0 ? task : endpointTask), null);
    }
}
