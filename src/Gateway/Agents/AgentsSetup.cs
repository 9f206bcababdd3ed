using ModelContextProtocol.AspNetCore;
using ModelContextProtocol.Protocol;
using PowerAutomation.Gateway.Agents.AgUi;
using PowerAutomation.Gateway.Agents.Mcp;
using PowerAutomation.Gateway.Agents.Tools;

namespace PowerAutomation.Gateway.Agents;

/// <summary>Agents' services: the tool catalogue, the MCP server (Streamable HTTP, stateful sessions) and the agent loop's options.</summary>
public static class AgentsSetup
{
    public static IServiceCollection AddGatewayAgents(this IServiceCollection services)
    {
        services.AddOptions<AgentOptions>().BindConfiguration(AgentOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<AgentModel>();
        services.AddSingleton<AgentToolCatalog>();
        services.AddSingleton<McpResourceSubscriptions>();
        services.AddSingleton<AgentRunner>();
        services.AddMcpServer(options =>
            {
                options.ServerInfo = new Implementation { Name = "power-automation", Version = "1.0.0" };
                options.ServerInstructions = "Projects, documents (read, edit as the signed-in user, search), workflows and AI chat of PowerAutomation.";
                options.Capabilities = new ServerCapabilities
                {
                    Tools = new ToolsCapability(),
                    Resources = new ResourcesCapability { Subscribe = true },
                };
            })
            .WithHttpTransport(transport =>
            {
                // Resource subscriptions notify a session, which only clients of the initialize handshake (2025-11-25 and
                // before, the TypeScript SDK's) have; clients of the session-less revision are served per request.
                transport.SessionMode = HttpServerSessionMode.StatefulForInitializeClients;
#pragma warning disable MCPEXP002 // The only hook that sees a session end, where its document subscriptions must go.
                transport.RunSessionHandler = async (http, session, cancellationToken) =>
                {
                    var subscriptions = http.RequestServices.GetRequiredService<McpResourceSubscriptions>();
                    try
                    {
                        await session.RunAsync(cancellationToken);
                    }
                    finally
                    {
                        await subscriptions.ReleaseAsync(session);
                    }
                };
#pragma warning restore MCPEXP002
            })
            .WithListToolsHandler(McpToolHandlers.ListAsync)
            .WithCallToolHandler(McpToolHandlers.CallAsync)
            .WithListResourceTemplatesHandler(McpResourceHandlers.TemplatesAsync)
            .WithListResourcesHandler(McpResourceHandlers.ListAsync)
            .WithReadResourceHandler(McpResourceHandlers.ReadAsync)
            .WithSubscribeToResourcesHandler(McpResourceHandlers.SubscribeAsync)
            .WithUnsubscribeFromResourcesHandler(McpResourceHandlers.UnsubscribeAsync);
        return services;
    }
}
