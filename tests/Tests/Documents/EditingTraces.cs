using System.IO.Compression;
using System.Text.Json;

namespace PowerAutomation.Tests.Documents;

/// <summary>The real editing traces in <c>../shared/data/editing-traces</c> beside the repository.</summary>
public static class EditingTraces
{
    public static IEnumerable<object[]> Sequential() =>
        new[] { "automerge-paper", "seph-blog1", "rustcode", "sveltecomponent" }.Select(name => new object[] { name });

    public static string Directory()
    {
        // PA_SHARED names the shared folder when it is not beside the repository.
        if (Environment.GetEnvironmentVariable("PA_SHARED") is { Length: > 0 } shared)
        {
            return Path.Combine(shared, "data", "editing-traces");
        }

        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "shared", "data", "editing-traces");
            if (System.IO.Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("shared/data/editing-traces not found beside the repository (set PA_SHARED to point at shared/).");
    }

    public static JsonDocument Load(string name)
    {
        using var file = File.OpenRead(Path.Combine(Directory(), name + ".json.gz"));
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        return JsonDocument.Parse(gzip);
    }
}
