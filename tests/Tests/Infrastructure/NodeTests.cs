using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace PowerAutomation.Tests.Infrastructure;

/// <summary>
/// Runs the JavaScript packages' node tests (<c>clients/typescript</c>, <c>web</c>) against a system a fixture
/// started: installs a package with <c>npm ci</c> first when it is missing (once, under a lock), runs one test file
/// with a bounded time (the whole process tree is killed when it runs over), and hands back everything it printed.
/// </summary>
public static partial class NodeTests
{
    private static readonly SemaphoreSlim InstallLock = new(1, 1);

    public static string Root { get; } = RepositoryRoot();

    public sealed record Outcome(int ExitCode, bool TimedOut, string Output);

    /// <summary>The folder holding PowerAutomation.sln, walking up from the test binaries.</summary>
    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "PowerAutomation.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No PowerAutomation.sln above {AppContext.BaseDirectory}.");
    }

    /// <summary><c>node --import tsx --test test/FILE</c> in <paramref name="package"/> with the given environment.</summary>
    public static async Task<Outcome> RunTestFileAsync(string package, string file, IReadOnlyDictionary<string, string> environment, TimeSpan timeout)
    {
        var directory = Path.Combine(Root, package);
        await EnsureInstalledAsync(directory);
        return await RunAsync(directory, "node", ["--import", "tsx", "--test", "--test-reporter=tap", $"test/{file}"], environment, timeout);
    }

    /// <summary>Fails unless the file ran in time, exited 0, passed something and failed nothing.</summary>
    public static void AssertPassed(Outcome outcome, string package, string file, TimeSpan timeout)
    {
        var report = $"node --test test/{file} in {package}:\n{outcome.Output}";
        Assert.False(outcome.TimedOut, $"Ran past {timeout.TotalMinutes} min and was killed. {report}");
        Assert.True(outcome.ExitCode == 0, $"Exited {outcome.ExitCode}. {report}");

        // A run that tested nothing, or skipped for want of the system it was given, is a failure too.
        Assert.Matches(FailedNone(), outcome.Output);
        Assert.Matches(PassedSome(), outcome.Output);
        Assert.DoesNotContain("PA_BASE_URL is not set", outcome.Output, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^# fail 0$", RegexOptions.Multiline)]
    private static partial Regex FailedNone();

    [GeneratedRegex(@"^# pass [1-9]\d*$", RegexOptions.Multiline)]
    private static partial Regex PassedSome();

    /// <summary>
    /// <c>npm ci</c> when node_modules is missing, one package at a time (the suite is one test process; <c>./pa test</c>
    /// installs everything before it starts, so this only serves a test run on its own).
    /// </summary>
    private static Task EnsureInstalledAsync(string directory) => EnsureInstalledAsync(directory, Path.Combine("node_modules", "tsx", "package.json"));

    /// <summary>The same for a package that is no test runner (the OIDC provider): <paramref name="marker"/> shows it installed.</summary>
    public static Task EnsurePackageAsync(string package, string marker) => EnsureInstalledAsync(Path.Combine(Root, package), marker);

    private static async Task EnsureInstalledAsync(string directory, string marker)
    {
        await InstallLock.WaitAsync();
        try
        {
            if (File.Exists(Path.Combine(directory, marker)))
            {
                return;
            }

            var install = await RunAsync(directory, "npm", ["ci", "--no-audit", "--no-fund"], new Dictionary<string, string>(), TimeSpan.FromMinutes(8));
            if (install.ExitCode != 0 || !File.Exists(Path.Combine(directory, marker)))
            {
                throw new InvalidOperationException($"npm ci in {directory} failed (exit {install.ExitCode}, timed out: {install.TimedOut}):\n{install.Output}");
            }
        }
        finally
        {
            InstallLock.Release();
        }
    }

    private static async Task<Outcome> RunAsync(string directory, string program, string[] arguments, IReadOnlyDictionary<string, string> environment, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, line) => Append(output, line.Data);
        process.ErrorDataReceived += (_, line) => Append(output, line.Data);
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            throw new InvalidOperationException($"{program} is not installed or not on PATH (./pa test installs Node.js).", exception);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cancel = new CancellationTokenSource(timeout);
        var timedOut = false;
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            timedOut = true;
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        // The exit can be seen before the last lines are read; this waits for the end of both streams.
        process.WaitForExit();
        lock (output)
        {
            return new Outcome(timedOut ? -1 : process.ExitCode, timedOut, output.ToString());
        }
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }
}
