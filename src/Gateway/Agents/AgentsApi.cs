using PowerAutomation.Gateway.Agents.AgUi;
using PowerAutomation.Gateway.Identity;
using PowerAutomation.Gateway.Quotas;
using PowerAutomation.Grains.Abstractions.Identity;

namespace PowerAutomation.Gateway.Agents;

/// <summary>
/// AI as a collaborator: <c>/mcp</c>, a Model Context Protocol server (Streamable HTTP) acting as the authenticated
/// user, and <c>POST /api/v1/agent</c>, an AG-UI agent run on the model router. Both use the one tool catalogue; each
/// tool checks the key scope it needs, so <c>/mcp</c> itself lets any key in.
/// </summary>
public static class AgentsApi
{
    public const string McpPath = "/mcp";

    public static WebApplication MapAgentsApi(this WebApplication app)
    {
        app.MapMcp(McpPath).RequireAuthorization().AllowAnyApiKey().ExcludeFromDescription();
        app.MapPost("/api/v1/agent", AgentEndpoint.RunAsync).WithTags("Agents").RequireAuthorization().RequireScope(ApiScopes.Ai)
            .AddEndpointFilter<RequestRateFilter>()
            .Accepts<RunAgentInput>("application/json").Produces(StatusCodes.Status200OK, contentType: "text/event-stream")
            .WithSummary("An AG-UI agent run: RunAgentInput in, AG-UI events out as server-sent events; the tools are the MCP catalogue's");
        return app;
    }
}
