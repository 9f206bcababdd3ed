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
    }
}

[CollectionDefinition(Name)]
public sealed class WebAppCollection : ICollectionFixture<WebAppFixture>
{
    public const string Name = "web-app";
}
