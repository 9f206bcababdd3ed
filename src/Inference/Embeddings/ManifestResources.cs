using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace PowerAutomation.Inference.Embeddings;

/// <summary>
/// Reads embedded resources straight out of a .NET assembly file with System.Reflection.Metadata, so the
/// assembly is never loaded into the process (nothing to unload, no dependencies to resolve).
/// </summary>
public static class ManifestResources
{
    /// <summary>The named resources' bytes, read from the assembly at <paramref name="assemblyPath"/>.</summary>
    public static IReadOnlyDictionary<string, ReadOnlyMemory<byte>> Read(string assemblyPath, params IReadOnlyCollection<string> names)
    {
        var file = File.ReadAllBytes(assemblyPath);
        using var pe = new PEReader(new MemoryStream(file, writable: false));
        var metadata = pe.GetMetadataReader();
        var directory = pe.PEHeaders.CorHeader?.ResourcesDirectory
            ?? throw new InvalidDataException($"{assemblyPath} is not a .NET assembly.");
        if (!pe.PEHeaders.TryGetDirectoryOffset(directory, out var resourcesStart))
        {
            throw new InvalidDataException($"{assemblyPath} has no embedded resources.");
        }

        var found = new Dictionary<string, ReadOnlyMemory<byte>>(StringComparer.Ordinal);
        foreach (var handle in metadata.ManifestResources)
        {
            var resource = metadata.GetManifestResource(handle);
            var name = metadata.GetString(resource.Name);
            if (!resource.Implementation.IsNil || !names.Contains(name))
            {
                continue;
            }
            // Each embedded resource is a 32-bit little-endian length followed by its bytes.
            var start = checked(resourcesStart + (int)resource.Offset);
            var length = BitConverter.ToInt32(file, start);
            if (length < 0 || start + 4L + length > file.Length)
            {
                throw new InvalidDataException($"Resource {name} in {assemblyPath} runs past the end of the file.");
            }
            found[name] = file.AsMemory(start + 4, length);
        }

        var missing = names.Where(n => !found.ContainsKey(n)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidDataException($"{assemblyPath} lacks the resources {string.Join(", ", missing)}.");
        }
        return found;
    }
}
