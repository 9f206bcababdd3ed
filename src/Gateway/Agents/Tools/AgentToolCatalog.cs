using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using PowerAutomation.Ai.Routing;
using PowerAutomation.Gateway.Errors;
using PowerAutomation.Gateway.Identity;

namespace PowerAutomation.Gateway.Agents.Tools;

/// <summary>
/// The one list of tools that agents get, over MCP (<c>/mcp</c>) and in agent runs (<c>/api/v1/agent</c>) alike. Each
/// runs as the calling user through the same handlers and grain calls as the REST API, so roles, key scopes, quotas
/// and licences apply unchanged; this class holds no domain logic of its own beyond shaping arguments.
/// </summary>
public sealed partial class AgentToolCatalog
{
    private readonly IClusterClient _cluster;
    private readonly TimeProvider _time;
    private readonly AgentModel _model;
    private readonly ModelRouter _router;
    private readonly JsonSerializerOptions _json;
    private readonly Dictionary<string, AgentTool> _byName;

    public AgentToolCatalog(IClusterClient cluster, TimeProvider time, AgentModel model, ModelRouter router,
        IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
    {
        _cluster = cluster;
        _time = time;
        _model = model;
        _router = router;
        _json = json.Value.SerializerOptions;
        Tools = [.. DocumentTools(), .. WorkflowTools(), .. OperationsTools(), ChatTool()];
        _byName = Tools.ToDictionary(t => t.Name, StringComparer.Ordinal);
    }

    public IReadOnlyList<AgentTool> Tools { get; }

    public AgentTool? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>The tools <paramref name="user"/> may see: all but the administrators' own, unless they are one.</summary>
    public IEnumerable<AgentTool> ToolsFor(ClaimsPrincipal user) => Tools.Where(t => t.IsFor(user));

    /// <summary>
    /// Runs a tool: unknown names, missing key scopes and arguments that do not fit the schema are refused before it
    /// runs; whatever it answers, or the refusal, comes back as a result, never as an exception (but cancellation).
    /// </summary>
    public async Task<ToolResult> InvokeAsync(string name, JsonElement? arguments, ToolCall context)
    {
        if (Find(name) is not { } tool)
        {
            return ToolResult.Error(ErrorCodes.NotFound, $"There is no tool '{name}'.", "name");
        }

        if (!tool.IsFor(context.User))
        {
            return ToolResult.Error(ErrorCodes.Forbidden, $"{tool.Name} is for administrators.", status: 403);
        }

        if (!context.User.HasApiScope(tool.Scope))
        {
            return ToolResult.Error(ErrorCodes.InsufficientScope, $"The API key lacks the '{tool.Scope}' scope that {tool.Name} needs.", status: 403);
        }

        var given = arguments is { ValueKind: not (JsonValueKind.Undefined or JsonValueKind.Null) } a ? a : EmptyObject;
        if (ToolInputValidator.Validate(tool.Schema, given) is { } problem)
        {
            return ToolResult.Error(ErrorCodes.ValidationFailed, problem.Message, problem.Field, 400);
        }

        return await tool.Run(context with { Arguments = given });
    }

    private static readonly JsonElement EmptyObject = JsonSerializer.SerializeToElement(new JsonObject());

    /// <summary>The bounds schemas name as <c>@Name</c>, so each number is written once, next to the code it limits.</summary>
    private static readonly Dictionary<string, int> Bounds = new(StringComparer.Ordinal)
    {
        ["MaxEdits"] = MaxEdits,
        ["MaxEditText"] = MaxEditText,
        ["MaxQueryLength"] = Search.SearchApi.MaxQueryLength,
        ["MaxLimit"] = Search.SearchApi.MaxLimit,
        ["MaxWaitSeconds"] = Workflows.RunsApi.MaxWaitSeconds,
        ["MaxChatMessages"] = MaxChatMessages,
        ["MaxChatMessageLength"] = MaxChatMessageLength,
        ["MaxChatOutputTokens"] = MaxChatOutputTokens,
    };

    private static JsonObject Schema(string json) =>
        JsonNode.Parse(BoundToken().Replace(json, m => Bounds[m.Groups[1].Value].ToString(System.Globalization.CultureInfo.InvariantCulture)))!.AsObject();

    [System.Text.RegularExpressions.GeneratedRegex(@"@(\w+)")]
    private static partial System.Text.RegularExpressions.Regex BoundToken();

    private ToolResult FromApi(IResult result, Func<JsonNode>? noValue = null) => ApiResults.From(result, _json, noValue);

    private static Guid Id(JsonElement arguments, string name) => Guid.Parse(arguments.GetProperty(name).GetString()!);

    private static int? OptionalInt(JsonElement arguments, string name) =>
        arguments.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt32() : null;

    private static JsonElement? Optional(JsonElement arguments, string name) =>
        arguments.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;
}
