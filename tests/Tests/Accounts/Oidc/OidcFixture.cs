using PowerAutomation.Tests.Infrastructure;

namespace PowerAutomation.Tests.Accounts.Oidc;

/// <summary>
/// A cluster whose gateway signs in through a real OIDC provider: <c>test</c> and <c>second</c> are two clients of the
/// same provider process, <c>down</c> names a provider nobody serves. The gateway listens where its
/// <c>Gateway:PublicUrl</c> says, so the provider's redirects reach it.
/// </summary>
public sealed class OidcFixture : ClusterFixture
{
    public const string Secret = "client-secret-for-tests";

    private readonly int _port = FreePort.Next();

    public OidcProviderProcess Provider { get; private set; } = null!;

    public Uri PublicUrl => new($"http://127.0.0.1:{_port}");

    public override async Task InitializeAsync()
    {
        Provider = await OidcProviderProcess.StartAsync(
            new OidcProviderProcess.Client("pa-test", Secret, $"{PublicUrl.ToString().TrimEnd('/')}/api/v1/auth/oidc/test/callback"),
            new OidcProviderProcess.Client("pa-second", Secret, $"{PublicUrl.ToString().TrimEnd('/')}/api/v1/auth/oidc/second/callback"));
        await base.InitializeAsync();
    }

    protected override string[] GatewayArguments() =>
    [
        $"--urls={PublicUrl}",
        $"--Gateway:PublicUrl={PublicUrl}",
        $"--Auth:Oidc:test:Authority={Provider.Authority}",
        "--Auth:Oidc:test:ClientId=pa-test",
        $"--Auth:Oidc:test:ClientSecret={Secret}",
        "--Auth:Oidc:test:DisplayName=Test Provider",
        $"--Auth:Oidc:second:Authority={Provider.Authority}",
        "--Auth:Oidc:second:ClientId=pa-second",
        $"--Auth:Oidc:second:ClientSecret={Secret}",
        $"--Auth:Oidc:down:Authority=http://127.0.0.1:{FreePort.Next()}",
        "--Auth:Oidc:down:ClientId=nobody",
        "--Auth:Oidc:down:ClientSecret=nothing",
    ];

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Provider.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class OidcCollection : ICollectionFixture<OidcFixture>
{
    public const string Name = "oidc";
}
