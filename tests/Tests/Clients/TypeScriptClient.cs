using System.Diagnostics;
using System.Text;

namespace PowerAutomation.Tests.Clients;

/// <summary>
/// Runs the TypeScript client's node tests (<c>clients/typescript</c>) against a gateway: installs its packages
/// with <c>npm ci</c> first when they are missing (once, under a lock), runs one test file with a bounded time
/// (the whole process tree is killed when it runs over), and hands back everything it printed.
/// </summary>
public static class TypeScriptClient
{
    private static readonly SemaphoreSlim InstallLock = new(1, 1);

    public static string Directory { get; } = Path.Combine(RepositoryRoot(), "clients", "typescript");

    public sealed record Outcome(int ExitCode, bool TimedOut, string Output);

    /// <summary>The folder holding PowerAutomation.sln, walking up from the test binaries.</summary>
    public static string RepositoryRoot()
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

    /// <summary><c>node --import tsx --test test/FILE</c> with the given environment.</summary>
    public static async Task<Outcome> RunTestFileAsync(string file, IReadOnlyDictionary<string, string> environment, TimeSpan timeout)
    {
        await EnsureInstalledAsync();
        return await RunAsync("node", ["--import", "tsx", "--test", "--test-reporter=tap", $"test/{file}"], environment, timeout);
    }

    /// <summary>
    /// <c>npm ci</c> when node_modules is missing. One test process installs at a time (the semaphore), and a lock
    /// file keeps two test processes from installing into one folder at once.
    /// </summary>
    private static async Task EnsureInstalledAsync()
    {
        await InstallLock.WaitAsync();
        try
        {
            if (Installed())
            {
                return;
            }

            using var fileLock = await AcquireFileLockAsync(Path.Combine(Directory, ".npm-ci.lock"), TimeSpan.FromMinutes(10));
            if (Installed())
            {
                return;
            }

            var install = await RunAsync("npm", ["ci", "--no-audit", "--no-fund"], new Dictionary<string, string>(), TimeSpan.FromMinutes(8));
            if (install.ExitCode != 0 || !Installed())
            {
                throw new InvalidOperationException($"npm ci in {Directory} failed (exit {install.ExitCode}, timed out: {install.TimedOut}):\n{install.Output}");
            }
        }
        finally
        {
            InstallLock.Release();
        }
    }

    private static bool Installed() => File.Exists(Path.Combine(Directory, "node_modules", "tsx", "package.json"));

    private static async Task<FileStream> AcquireFileLockAsync(string path, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException) when (watch.Elapsed < timeout)
            {
                // Another test process is installing; its packages will do for us too.
                await Task.Delay(500);
            }
        }
    }

    private static async Task<Outcome> RunAsync(string program, string[] arguments, IReadOnlyDictionary<string, string> environment, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = Directory,
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
