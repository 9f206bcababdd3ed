using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace PowerAutomation.Tests.Infrastructure;

/// <summary>
/// A real OpenID Provider (the certified <c>oidc-provider</c> npm package, <c>tests/oidc-provider/server.mjs</c>) on a
/// loopback port, with the clients a test registers and accounts it adds with chosen e-mail claims.
/// </summary>
public sealed class OidcProviderProcess : IAsyncDisposable
{
    public const string Package = "tests/oidc-provider";

    private readonly Process _process;
    private readonly StringBuilder _output;
    private readonly HttpClient _http;

    private OidcProviderProcess(Process process, StringBuilder output, Uri issuer)
    {
        _process = process;
        _output = output;
        Issuer = issuer;
        _http = new HttpClient { BaseAddress = issuer, Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>The provider's issuer, which is also its authority (no trailing slash).</summary>
    public Uri Issuer { get; }

    public string Authority => Issuer.ToString().TrimEnd('/');

    public sealed record Client(string ClientId, string ClientSecret, string RedirectUri);

    public static async Task<OidcProviderProcess> StartAsync(params Client[] clients)
    {
        await NodeTests.EnsurePackageAsync(Package, Path.Combine("node_modules", "oidc-provider", "package.json"));
        var start = new ProcessStartInfo("node")
        {
            ArgumentList = { "server.mjs" },
            WorkingDirectory = Path.Combine(NodeTests.Root, Package),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["OIDC_CLIENTS"] = JsonSerializer.Serialize(clients.Select(c => new Dictionary<string, object>
        {
            ["client_id"] = c.ClientId, ["client_secret"] = c.ClientSecret, ["redirect_uris"] = new[] { c.RedirectUri },
        }));

        var output = new StringBuilder();
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = start };
        void Read(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (output)
            {
                output.AppendLine(line);
            }

            if (line.StartsWith("listening ", StringComparison.Ordinal))
            {
                listening.TrySetResult(new Uri(line["listening ".Length..]));
            }
        }

        process.OutputDataReceived += (_, e) => Read(e.Data);
        process.ErrorDataReceived += (_, e) => Read(e.Data);
        process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException($"The OIDC provider exited:\n{output}"));
        process.EnableRaisingEvents = true;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var issuer = await listening.Task.WaitAsync(TimeSpan.FromSeconds(60));
            return new OidcProviderProcess(process, output, issuer);
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Adds an account; <paramref name="tamper"/> (<c>foreign-key</c>, <c>nonce</c>, <c>audience</c>) makes its ID tokens
    /// bad in that way. Returns the login that signs in as it.
    /// </summary>
    public async Task<string> AddAccountAsync(string? email, bool emailVerified, string? name = null, string? tamper = null)
    {
        var sub = "acct-" + Guid.NewGuid().ToString("N");
        var response = await _http.PostAsJsonAsync("/__test/accounts", new { sub, email, email_verified = emailVerified, name, tamper });
        response.EnsureSuccessStatusCode();
        return sub;
    }

    public string Output()
    {
        lock (_output)
        {
            return _output.ToString();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
