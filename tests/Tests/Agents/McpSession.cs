using System.Text.Json;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace PowerAutomation.Tests.Agents;

/// <summary>The official C# MCP client on the gateway's <c>/mcp</c> with a bearer token, and its tool results as JSON.</summary>
public static class McpSession
{
    public const string ClientName = "mcp-test-agent";

    public static async Task<McpClient> ConnectAsync(Uri gateway, string token)
    {
        var transport = new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = new Uri(gateway, "/mcp"),
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = $"Bearer {token}" },
        });
        return await McpClient.CreateAsync(transport, new McpClientOptions { ClientInfo = new Implementation { Name = ClientName, Version = "1.0.0" } });
    }

    /// <summary>Calls a tool; the JSON of its text result and whether it was an error.</summary>
    public static async Task<(bool IsError, JsonElement Json)> CallAsync(this McpClient client, string tool, object arguments)
    {
        var given = JsonSerializer.Deserialize<Dictionary<string, object?>>(JsonSerializer.Serialize(arguments))!;
        var result = await client.CallToolAsync(tool, given);
        var text = Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text;
        try
        {
            return (result.IsError == true, JsonDocument.Parse(text).RootElement.Clone());
        }
        catch (JsonException exception)
        {
            throw new InvalidOperationException($"{tool} answered text that is not JSON: {text}", exception);
        }
    }
}
