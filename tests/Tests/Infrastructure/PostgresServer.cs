using Npgsql;

namespace PowerAutomation.Tests.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL cluster on a random loopback port: initdb into a temporary directory (fsync off),
/// started with pg_ctl, removed on dispose. Each test fixture gets a database of its own.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private readonly string _binDirectory;
    private readonly string _directory;
    private int _databases;

    private PostgresServer(string binDirectory, string directory, int port)
    {
        _binDirectory = binDirectory;
        _directory = directory;
        Port = port;
    }

    private const string DirectoryPrefix = "pa-test-pg-";

    public int Port { get; }

    /// <summary>
    /// Deletes clusters that earlier runs could not remove (a test host killed before its exit handlers ran):
    /// any whose server is no longer running.
    /// </summary>
    private static void RemoveAbandoned()
    {
        foreach (var directory in Directory.GetDirectories(Path.GetTempPath(), DirectoryPrefix + "*"))
        {
            var pidFile = Path.Combine(directory, "data", "postmaster.pid");
            var running = File.Exists(pidFile)
                && int.TryParse(File.ReadLines(pidFile).FirstOrDefault(), out var pid)
                && Directory.Exists($"/proc/{pid}");
            if (!running && Directory.GetLastWriteTimeUtc(directory) < DateTime.UtcNow.AddMinutes(-1))
            {
                try
                {
                    Directory.Delete(directory, recursive: true);
                }
                catch (IOException)
                {
                    // Another run is cleaning up the same directory.
                }
            }
        }
    }

    public static async Task<PostgresServer> StartAsync()
    {
        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb"))).OrderDescending().FirstOrDefault()
            : null;
        if (bin is null)
        {
            throw new InvalidOperationException("PostgreSQL server binaries not found under /usr/lib/postgresql; run ./pa test, which installs them.");
        }

        RemoveAbandoned();
        var directory = Path.Combine(Path.GetTempPath(), DirectoryPrefix + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(directory);
        if (Processes.IsRoot)
        {
            await Processes.RunAsync("chown", ["postgres:", directory]);
        }

        var port = FreePort.Next();
        var server = new PostgresServer(bin, directory, port);
        var data = Path.Combine(directory, "data");
        await Processes.RunAsync(Path.Combine(bin, "initdb"), ["-N", "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8"], asPostgres: true);
        await Processes.RunAsync(Path.Combine(bin, "pg_ctl"),
        [
            "-D", data, "-l", Path.Combine(directory, "postgres.log"), "-w", "-t", "60", "start",
            "-o", $"-p {port} -c listen_addresses=127.0.0.1 -k {directory} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=400",
        ], asPostgres: true);
        return server;
    }

    /// <summary>Creates a fresh database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix)
    {
        var name = $"{prefix}_{Interlocked.Increment(ref _databases)}".ToLowerInvariant();
        await using (var connection = new NpgsqlConnection(ConnectionString("postgres")))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        return ConnectionString(name);
    }

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Maximum Pool Size=40;Timeout=5";

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Processes.RunAsync(Path.Combine(_binDirectory, "pg_ctl"),
                ["-D", Path.Combine(_directory, "data"), "-m", "immediate", "-w", "stop"], asPostgres: true);
        }
        finally
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
