using Microsoft.Extensions.Options;
using PowerAutomation.Gateway.Hosting;

namespace PowerAutomation.Gateway.Identity.Oidc;

/// <summary>The configured providers by name, each with its cached discovery document and keys.</summary>
public sealed class OidcProviders
{
    public const string HttpClientName = "oidc";

    private readonly Dictionary<string, OidcProvider> _providers;

    public OidcProviders(IOptions<OidcOptions> options, IOptions<GatewayOptions> gateway, IHttpClientFactory http, ILoggerFactory logging)
    {
        var publicUrl = new Uri(gateway.Value.PublicUrl);
        var logger = logging.CreateLogger<OidcProviders>();
        _providers = options.Value.Providers.ToDictionary(p => p.Key,
            p => new OidcProvider(p.Key, p.Value, publicUrl, http.CreateClient(HttpClientName), logger), StringComparer.Ordinal);
    }

    public IEnumerable<OidcProvider> All => _providers.Values.OrderBy(p => p.Name, StringComparer.Ordinal);

    public OidcProvider? Find(string name) => _providers.GetValueOrDefault(name);
}
