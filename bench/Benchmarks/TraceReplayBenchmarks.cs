using System.IO.Compression;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using PowerAutomation.Grains.Abstractions.Documents;

namespace PowerAutomation.Benchmarks;

/// <summary>
/// Replays a real editing trace through the OT engine: each patch becomes a <see cref="TextOperation"/> spanning
/// the whole document and is applied to the chunked rope, as the document grain does.
/// </summary>
[MemoryDiagnoser]
public class TraceReplayBenchmarks
{
    private (int Position, int Delete, string Insert)[] _patches = [];
    private string _end = "";

    [Params("automerge-paper", "seph-blog1")]
    public string Trace { get; set; } = "automerge-paper";

    [GlobalSetup]
    public void Load()
    {
        using var file = File.OpenRead(Path.Combine(FindTraces(), Trace + ".json.gz"));
        using var document = JsonDocument.Parse(new GZipStream(file, CompressionMode.Decompress));
        _end = document.RootElement.GetProperty("endContent").GetString()!;
        _patches = document.RootElement.GetProperty("txns").EnumerateArray()
            .SelectMany(t => t.GetProperty("patches").EnumerateArray())
            .Select(p => (p[0].GetInt32(), p[1].GetInt32(), p[2].GetString()!))
            .ToArray();
    }

    [Benchmark]
    public int Replay()
    {
        var text = new ChunkedText();
        foreach (var (position, delete, insert) in _patches)
        {
            text.Apply(TextOperation.Splice(text.Length, position, delete, insert));
        }

        return text.Length == _end.Length ? _patches.Length : throw new InvalidOperationException("Replay diverged.");
    }

    private static string FindTraces()
    {
        // PA_SHARED names the shared folder when it is not beside the repository.
        if (Environment.GetEnvironmentVariable("PA_SHARED") is { Length: > 0 } shared)
        {
            return Path.Combine(shared, "data", "editing-traces");
        }

        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "shared", "data", "editing-traces");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("shared/data/editing-traces not found beside the repository (set PA_SHARED to point at shared/).");
    }
}
