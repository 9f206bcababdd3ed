using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PowerAutomation.Ai.Protocols;
using PowerAutomation.Tests.Agents;
using PowerAutomation.Tests.Ai;
using PowerAutomation.Tests.Infrastructure;

namespace PowerAutomation.Tests.Web;

/// <summary>
/// The system the browser tests use, as <c>./pa up</c> runs it: a silo, and a gateway serving the built web
/// app, with a fake OpenAI-compatible upstream serving model <see cref="ChatModel"/>, a scripted one serving the
/// agent's model (<see cref="AgentScript"/>), and an administrator.
/// </summary>
public sealed partial class WebAppFixture : ClusterFixture
{
    public const string ChatModel = "fake-chat";

    private ScriptedModel? _agent;

    private readonly int _port = FreePort.Next();
    private FakeProvider? _ai;
    private OidcProviderProcess? _oidc;

    public string AdminEmail { get; } = ApiClient.NewEmail("admin");

    /// <summary>Where the node tests read the mail the silo sent (the test SMTP server's HTTP view).</summary>
    public Uri MailView { get; private set; } = null!;

    public static string ArtifactsDirectory { get; } = Path.Combine(NodeTests.Root, "web", "test-results");

    public override async Task InitializeAsync()
    {
        _ai = await FakeProvider.StartAsync("fake", AiProtocol.OpenAi);
        _agent = await ScriptedModel.StartAsync(AgentScript);
        _oidc = await OidcProviderProcess.StartAsync(
            new OidcProviderProcess.Client("pa-web", "web-client-secret", $"http://127.0.0.1:{_port}/api/v1/auth/oidc/test/callback"));
        await base.InitializeAsync();
        MailView = await Mail.StartHttpViewAsync();
        await PowerAutomation.Client.Admin.BootstrapAdmin.RunAsync(Cluster, AdminEmail, ApiClient.Password);
        // The console clicks through many admin pages a minute; community's 60 requests a minute would throttle it.
        using var http = CreateClient();
        await http.IssueLicenseAsync(await this.AdminTokenAsync(), AdminEmail, edition: "enterprise", limits: new { requestsPerMinute = 1_000_000 });
        Directory.CreateDirectory(ArtifactsDirectory);
    }

    protected override string[] GatewayArguments() =>
    [
        $"--WebApp:RootPath={Path.Combine(NodeTests.Root, "web", "dist")}",
        "--Ai:Providers:0:Name=fake", "--Ai:Providers:0:Kind=openai-compatible", $"--Ai:Providers:0:BaseUrl={_ai!.BaseUrl}",
        "--Ai:Providers:0:ApiKey=upstream-secret", $"--Ai:Providers:0:Models:0={ChatModel}",
        $"--Ai:Prices:{ChatModel}:InputPerMillion=3", $"--Ai:Prices:{ChatModel}:OutputPerMillion=15",
        "--Ai:Providers:1:Name=scripted", "--Ai:Providers:1:Kind=openai-compatible", $"--Ai:Providers:1:BaseUrl={_agent!.BaseUrl}",
        "--Ai:Providers:1:ApiKey=upstream-secret", $"--Ai:Providers:1:Models:0={ScriptedModel.Model}",

        // Where the OIDC provider sends the browser back to: this gateway, on the port its public URL names.
        $"--urls=http://127.0.0.1:{_port}", $"--Gateway:PublicUrl=http://127.0.0.1:{_port}",
        $"--Auth:Oidc:test:Authority={_oidc!.Authority}", "--Auth:Oidc:test:ClientId=pa-web",
        "--Auth:Oidc:test:ClientSecret=web-client-secret", "--Auth:Oidc:test:DisplayName=Test Provider",
    ];

    /// <summary>What the node test files read: where the system is, who administers it, where pictures go.</summary>
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["PA_BASE_URL"] = GatewayAddress.ToString().TrimEnd('/'),
        ["PA_ADMIN_EMAIL"] = AdminEmail,
        ["PA_ADMIN_PASSWORD"] = ApiClient.Password,
        ["PA_AI_MODEL"] = ChatModel,
        ["PA_AGENT_MODEL"] = ScriptedModel.Model,
        ["PA_ARTIFACTS_DIR"] = ArtifactsDirectory,
        ["PA_CHROMIUM"] = "/usr/bin/chromium",
        ["PA_OIDC_ISSUER"] = _oidc!.Authority,
        ["PA_MAIL_URL"] = MailView.ToString().TrimEnd('/'),
    };

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_ai is not null)
        {
            await _ai.DisposeAsync();
        }

        if (_oidc is not null)
        {
            await _oidc.DisposeAsync();
        }

        if (_agent is not null)
        {
            await _agent.DisposeAsync();
        }
    }

    /// <summary>
    /// The agent's model as web/test/agent.test.ts drives it: asked to "loop forever" it lists projects until the step
    /// bound; otherwise it puts a header comment into the document the page's context names, at the revision named
    /// there, and once the tool answered, says so.
    /// </summary>
    private static JsonObject AgentScript(JsonObject request)
    {
        var messages = request["messages"] as JsonArray ?? [];
        // Content is a string, or a list of parts of which the text ones count.
        string Text(string role) => string.Join("\n", messages.Where(m => m?["role"]?.GetValue<string>() == role).Select(m => m?["content"] switch
        {
            JsonValue v when v.TryGetValue<string>(out var text) => text,
            JsonArray parts => string.Concat(parts.Select(p => p?["text"]?.GetValue<string>())),
            _ => "",
        }));
        if (Text("user").Contains("loop forever", StringComparison.Ordinal))
        {
            return ScriptedModel.ToolCall("list_projects", []);
        }

        if (ScriptedModel.ToolResults(request) > 0)
        {
            return ScriptedModel.Text("Added a header comment.");
        }

        var open = OpenDocument().Match(Text("system"));
        return ScriptedModel.ToolCall("edit_document", new JsonObject
        {
            ["documentId"] = open.Groups["id"].Value, ["revision"] = long.Parse(open.Groups["revision"].Value),
            ["edits"] = new JsonArray(new JsonObject { ["from"] = 0, ["to"] = 0, ["text"] = "// written by the agent\n" }),
        });
    }

    [GeneratedRegex("\"documentId\":\"(?<id>[0-9a-f-]{36})\".*?\"revision\":(?<revision>\\d+)")]
    private static partial Regex OpenDocument();
}

[CollectionDefinition(Name)]
public sealed class WebAppCollection : ICollectionFixture<WebAppFixture>
{
    public const string Name = "web-app";
}
