using System.Security.Claims;
using System.Text.Json;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using PowerAutomation.Gateway.Agents.Tools;
using PowerAutomation.Gateway.Quotas;
using PowerAutomation.Grains.Abstractions.Quotas;

namespace PowerAutomation.Gateway.Agents.Mcp;

/// <summary>
/// <c>tools/list</c> and <c>tools/call</c> over the catalogue, as the user who opened the session. A call takes one
/// <c>requests_per_minute</c> unit, like any API call; its result is the tool's JSON as text, <c>isError</c> on a refusal.
/// </summary>
public static class McpToolHandlers
{
    public static ValueTask<ListToolsResult> ListAsync(RequestContext<ListToolsRequestParams> request, CancellationToken cancellationToken)
    {
        var catalog = request.Services!.GetRequiredService<AgentToolCatalog>();
        return ValueTask.FromResult(new ListToolsResult
        {
            Tools = [.. catalog.ToolsFor(User(request.User)).Select(t => new Tool
            {
                Name = t.Name, Description = t.Description, InputSchema = t.InputSchema,
                Meta = new System.Text.Json.Nodes.JsonObject { [ToolGroups.MetaKey] = t.Group },
            })],
        });
    }

    public static async ValueTask<CallToolResult> CallAsync(RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken)
    {
        var services = request.Services!;
        var user = User(request.User);
        var name = request.Params?.Name ?? "";
        var decision = await services.GetRequiredService<IClusterClient>().GetGrain<IQuotaGrain>(QuotaPrincipal.RateKey(user))
            .Consume(QuotaKinds.RequestsPerMinute, 1);
        ToolResult result;
        if (!decision.Allowed)
        {
            result = ToolResult.Error("quota_exceeded", $"The requests_per_minute quota ({decision.Limit}) is used up; retry shortly.", status: 429);
        }
        else
        {
            var arguments = request.Params?.Arguments is { } given ? JsonSerializer.SerializeToElement(given) : (JsonElement?)null;
            var actor = new ToolActor(ToolActor.AgentName(request.Server.ClientInfo?.Name), null, null, $"mcp:{Guid.NewGuid():N}");
            result = await services.GetRequiredService<AgentToolCatalog>().InvokeAsync(name, arguments, new ToolCall(user, default, actor, cancellationToken));
        }

        return new CallToolResult { IsError = result.IsError, Content = [new TextContentBlock { Text = result.Text }] };
    }

    /// <summary>The session's user: the endpoint requires authentication, so one is always there.</summary>
    public static ClaimsPrincipal User(ClaimsPrincipal? user) =>
        user?.Identity?.IsAuthenticated == true ? user : throw new InvalidOperationException("An MCP request reached a handler without an authenticated user.");
}
