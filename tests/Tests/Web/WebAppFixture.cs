using PowerAutomation.Ai.Protocols;
using PowerAutomation.Tests.Ai;
using PowerAutomation.Tests.Infrastructure;

namespace PowerAutomation.Tests.Web;

/// <summary>
/// The system the browser tests use, as <c>./pa up</c> runs it: a silo, and a gateway serving the built web
/// app, with a fake OpenAI-compatible upstream serving model <see cref="ChatModel"/> and an administrator.
/// </summary>
public sealed class WebAppFixture : ClusterFixture
{
    public const string ChatModel = "fake-chat";

    private FakeProvider? _ai;

    public string AdminEmail { get; } = ApiClient.NewEmail("admin");

    /// <summary>Where the node tests read the mail the silo sent (the test SMTP server's HTTP view).</summary>
    public Uri MailView { get; private set; } = null!;

    public static string ArtifactsDirectory { get; } = Path.Combine(NodeTests.Root, "web", "test-results");

    public override async Task InitializeAsync()
    {
        _ai = await FakeProvider.StartAsync("fake", AiProtocol.OpenAi);
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
    ];

    /// <summary>What the node test files read: where the system is, who administers it, where pictures go.</summary>
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["PA_BASE_URL"] = GatewayAddress.ToString().TrimEnd('/'),
        ["PA_ADMIN_EMAIL"] = AdminEmail,
        ["PA_ADMIN_PASSWORD"] = ApiClient.Password,
        ["PA_AI_MODEL"] = ChatModel,
        ["PA_ARTIFACTS_DIR"] = ArtifactsDirectory,
        ["PA_CHROMIUM"] = "/usr/bin/chromium",
        ["PA_MAIL_URL"] = MailView.ToString().TrimEnd('/'),
    };

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_ai is not null)
        {
            await _ai.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class WebAppCollection : ICollectionFixture<WebAppFixture>
{
    public const string Name = "web-app";
}
