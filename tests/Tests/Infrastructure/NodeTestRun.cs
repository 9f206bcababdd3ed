using System.Diagnostics;
using System.Text;

namespace PowerAutomation.Tests.Infrastructure;

/// <summary>
/// Runs one file of node's test runner (TypeScript through tsx) against a system a fixture started, so the
/// JavaScript suites (the client library, the browser tests) run inside <c>dotnet test</c> on its real cluster.
/// </summary>
public static class NodeTestRun
{
    private static readonly SemaphoreSlim InstallLock = new(1, 1);

    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>Runs <c>node --test</c> on <paramref name="testFile"/> in <paramref name="package"/>; the output is the failure message.</summary>
    public static async Task RunAsync(string package, string testFile, IReadOnlyDictionary<string, string> environment, TimeSpan timeout)
    {
        var directory = Path.Combine(RepositoryRoot, package);
        await EnsureInstalledAsync(directory);
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            ArgumentList = { "--import", "tsx", "--test", "--test-reporter=spec", testFile },
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var (exitCode, output) = await RunProcessAsync(start, timeout);
        Assert.True(exitCode == 0, $"node --test {package}/{testFile} exited {exitCode}:\n{output}");
    }

    private static async Task EnsureInstalledAsync(string directory)
    {
        await InstallLock.WaitAsync();
        try
        {
            // ./pa test installs up front; this makes a single test runnable from an IDE too.
            foreach (var dir in new[] { directory, Path.Combine(RepositoryRoot, "clients", "typescript") }.Distinct())
            {
                if (!Directory.Exists(Path.Combine(dir, "node_modules")))
                {
                    var install = new ProcessStartInfo("npm") { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true, ArgumentList = { "ci", "--no-audit", "--no-fund" } };
                    var (code, output) = await RunProcessAsync(install, TimeSpan.FromMinutes(5));
                    Assert.True(code == 0, $"npm ci in {dir} failed:\n{output}");
                }
            }
        }
        finally
        {
            InstallLock.Release();
        }
    }

    private static async Task<(int ExitCode, string Output)> RunProcessAsync(ProcessStartInfo start, TimeSpan timeout)
    {
        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            lock (output)
            {
                return (-1, $"timed out after {timeout.TotalSeconds:0} s\n{output}");
            }
        }

        process.WaitForExit(); // drains the redirected streams
        lock (output)
        {
            return (process.ExitCode, output.ToString());
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PowerAutomation.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (PowerAutomation.sln) was not found above " + AppContext.BaseDirectory);
    }
}
