using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using PowerAutomation.Tests.Infrastructure;

namespace PowerAutomation.Tests.Accounts.Device;

/// <summary>
/// The real <c>pa</c> client program (<c>src/Client</c>, run as a process): <c>login</c> signs in through the device
/// flow while the test approves the printed code as a signed-in user, then <c>whoami</c> and <c>logout</c>.
/// </summary>
[Collection(ClusterCollection.Name)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed partial class DeviceLoginCliTests(ClusterFixture cluster) : IDisposable
{
    private readonly HttpClient _http = cluster.CreateClient();
    private readonly string _config = Directory.CreateTempSubdirectory("pa-cli-config-").FullName;

    private string CredentialsPath => Path.Combine(_config, "powerautomation", "credentials.json");

    [Fact]
    public async Task Login_ApprovedInTheBrowser_SavesA0600RefreshToken_ThenWhoamiAndLogoutUseIt()
    {
        var email = ApiClient.NewEmail("cli");
        await _http.RegisterAsync(email, displayName: "Cli Person");
        var token = (await _http.LoginAsync(email)).AccessToken;

        using var login = Start("login", "--url", cluster.GatewayAddress.ToString());
        var output = new ProcessOutput(login);
        var line = await output.WaitForLineAsync(l => UserCodeLine().IsMatch(l), "the printed user code");
        var userCode = UserCodeLine().Match(line).Groups[1].Value;
        Assert.Equal(HttpStatusCode.NoContent, (await _http.ApproveAsync(token, userCode)).StatusCode);
        Assert.True(await output.ExitAsync(TimeSpan.FromSeconds(60)) == 0, output.Text);

        Assert.Contains($"Signed in as {email}", output.Text);
        Assert.Contains("/device?user_code=" + userCode, output.Text);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(CredentialsPath));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(CredentialsPath)!));
        var saved = JsonDocument.Parse(await File.ReadAllTextAsync(CredentialsPath)).RootElement;
        Assert.Equal(email, saved.GetProperty("email").GetString());
        var loginToken = saved.GetProperty("refreshToken").GetString()!;

        using var whoami = Start("whoami");
        var whoamiOutput = new ProcessOutput(whoami);
        Assert.True(await whoamiOutput.ExitAsync(TimeSpan.FromSeconds(60)) == 0, whoamiOutput.Text);
        Assert.Matches($@"Email:\s+{Regex.Escape(email)}", whoamiOutput.Text);
        Assert.Matches(@"Display name:\s+Cli Person", whoamiOutput.Text);
        Assert.Matches(@"Edition:\s+community", whoamiOutput.Text);
        Assert.Matches(@"Roles:\s+member", whoamiOutput.Text);

        // whoami rotated the token and kept the new one, which works; the one login saved is spent.
        var rotated = JsonDocument.Parse(await File.ReadAllTextAsync(CredentialsPath)).RootElement.GetProperty("refreshToken").GetString()!;
        Assert.NotEqual(loginToken, rotated);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(CredentialsPath));

        using var logout = Start("logout");
        var logoutOutput = new ProcessOutput(logout);
        Assert.True(await logoutOutput.ExitAsync(TimeSpan.FromSeconds(60)) == 0, logoutOutput.Text);
        Assert.False(File.Exists(CredentialsPath));
        var afterLogout = await _http.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = rotated });
        Assert.Equal(HttpStatusCode.Unauthorized, afterLogout.StatusCode);
    }

    [Fact]
    public async Task Whoami_NotLoggedIn_SaysSoAndFails()
    {
        using var whoami = Start("whoami");
        var output = new ProcessOutput(whoami);

        Assert.Equal(1, await output.ExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains("Not logged in", output.Text);
    }

    [Fact]
    public async Task Whoami_SessionEnded_SaysSoAndForgetsTheFile()
    {
        var email = ApiClient.NewEmail("cli-ended");
        await _http.RegisterAsync(email);
        var tokens = await _http.LoginAsync(email);
        Directory.CreateDirectory(Path.GetDirectoryName(CredentialsPath)!);
        await File.WriteAllTextAsync(CredentialsPath, JsonSerializer.Serialize(new
        {
            url = cluster.GatewayAddress.ToString().TrimEnd('/'), refreshToken = tokens.RefreshToken, email, userId = Guid.NewGuid(),
            savedAt = DateTimeOffset.UtcNow,
        }));
        Assert.Equal(HttpStatusCode.NoContent, (await _http.PostAsJsonAsync("/api/v1/auth/logout", new { refreshToken = tokens.RefreshToken })).StatusCode);

        using var whoami = Start("whoami");
        var output = new ProcessOutput(whoami);

        Assert.Equal(1, await output.ExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains("Your session has ended", output.Text);
        Assert.False(File.Exists(CredentialsPath));
    }

    public void Dispose() => Directory.Delete(_config, recursive: true);

    private Process Start(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(ServiceProcess.ProjectOutput("Client"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["XDG_CONFIG_HOME"] = _config;
        return Process.Start(start) ?? throw new InvalidOperationException("The client program did not start.");
    }

    [GeneratedRegex(@"enter the code: ([A-Z]{4}-[A-Z]{4})")]
    private static partial Regex UserCodeLine();

    /// <summary>Collects a process's output as it comes, so a test can wait for a line and then for the exit.</summary>
    private sealed class ProcessOutput
    {
        private readonly Process _process;
        private readonly List<string> _lines = [];

        public ProcessOutput(Process process)
        {
            _process = process;
            process.OutputDataReceived += (_, e) => Add(e.Data);
            process.ErrorDataReceived += (_, e) => Add(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public string Text
        {
            get
            {
                lock (_lines)
                {
                    return string.Join('\n', _lines);
                }
            }
        }

        public async Task<string> WaitForLineAsync(Func<string, bool> match, string what)
        {
            string? found = null;
            await Processes.WaitUntilAsync(() =>
            {
                lock (_lines)
                {
                    found = _lines.FirstOrDefault(match);
                }

                return Task.FromResult(found is not null || _process.HasExited);
            }, TimeSpan.FromSeconds(60), what);
            return found ?? throw new InvalidOperationException($"The program exited before printing {what}: {Text}");
        }

        public async Task<int> ExitAsync(TimeSpan timeout)
        {
            using var cancel = new CancellationTokenSource(timeout);
            try
            {
                await _process.WaitForExitAsync(cancel.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                throw new TimeoutException($"The client program did not exit within {timeout.TotalSeconds:0} s: {Text}");
            }

            return _process.ExitCode;
        }

        private void Add(string? line)
        {
            if (line is not null)
            {
                lock (_lines)
                {
                    _lines.Add(line);
                }
            }
        }
    }
}
