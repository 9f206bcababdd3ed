using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using PowerAutomation.Inference.Embeddings;

namespace PowerAutomation.Benchmarks;

/// <summary>
/// all-MiniLM-L6-v2 on TorchSharp's CPU backend: sentences per second (the Op/s column; each operation is one
/// sentence) when the same rotating pool of editor-like sentences is encoded 1, 8, 32 or 64 at a time.
/// </summary>
[Config(typeof(SentencesPerSecond))]
public class EmbeddingBenchmarks
{
    private const int PoolSize = 64;
    private SentenceEncoder _encoder = null!;
    private string[] _pool = [];
    private int _next;

    [GlobalSetup]
    public void Load()
    {
        _encoder = SentenceEncoder.Load(new SentenceEncoderOptions { Device = "cpu" });
        _pool = SentencePool(PoolSize);
    }

    [GlobalCleanup]
    public void Unload() => _encoder.Dispose();

    [Benchmark(Baseline = true, OperationsPerInvoke = 1)]
    public float[][] Batch1() => EncodeNext(1);

    [Benchmark(OperationsPerInvoke = 8)]
    public float[][] Batch8() => EncodeNext(8);

    [Benchmark(OperationsPerInvoke = 32)]
    public float[][] Batch32() => EncodeNext(32);

    [Benchmark(OperationsPerInvoke = 64)]
    public float[][] Batch64() => EncodeNext(64);

    private float[][] EncodeNext(int size)
    {
        var batch = new string[size];
        for (var i = 0; i < size; i++)
        {
            batch[i] = _pool[_next++ % PoolSize];
        }
        return _encoder.Encode(batch);
    }

    // Sentences of 6 to about 40 words, built from a fixed seed so every run encodes the same text.
    private static string[] SentencePool(int count)
    {
        string[] words =
        [
            "the", "document", "grain", "merges", "concurrent", "edits", "from", "every", "editor", "and", "quota",
            "licence", "workflow", "retries", "after", "a", "timeout", "while", "collaborators", "type", "in", "real",
            "time", "across", "devices", "model", "router", "chooses", "provider", "by", "edition", "health", "load",
        ];
        var random = new Random(17);
        return Enumerable.Range(0, count)
            .Select(_ => string.Join(' ', Enumerable.Range(0, random.Next(6, 40)).Select(_ => words[random.Next(words.Length)])) + ".")
            .ToArray();
    }

    // In process: BenchmarkDotNet's generated child project skips Directory.Build.targets, so its copy of
    // TorchSharp's native library would miss the libstdc++ patch (src/Inference/Native); this output has it.
    private sealed class SentencesPerSecond : ManualConfig
    {
        public SentencesPerSecond()
        {
            AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance));
            AddColumn(StatisticColumn.OperationsPerSecond);
        }
    }
}
