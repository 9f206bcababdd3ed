using System.Text.Json;

namespace PowerAutomation.Grains.Abstractions.Documents;

/// <summary>
/// Who wrote each part of a document's content, kept incrementally: the content is a sequence of runs
/// (length, author, kind, newest revision), adjacent runs by the same author and kind merged. Applying an
/// operation walks its components once: retained text keeps its runs, deleted text drops them, inserted text
/// becomes a run of the operation's author. Invariant: the run lengths sum to the content's length and no run
/// is empty, so blame is exact after any history without replaying the log.
/// </summary>
public sealed class Authorship
{
    private List<AuthorRun> _runs;

    public Authorship(IEnumerable<AuthorRun> runs)
    {
        _runs = [];
        foreach (var run in runs)
        {
            Append(_runs, run);
        }
    }

    /// <summary>Content of <paramref name="length"/> units, all written by one author at one revision.</summary>
    public static Authorship Of(int length, Guid authorId, string authorKind, int revision) =>
        new(length == 0 ? [] : [new AuthorRun(length, authorId, authorKind, revision)]);

    public int Length => _runs.Sum(r => r.Length);

    public IReadOnlyList<AuthorRun> Runs => _runs;

    public void Apply(TextOperation operation, Guid authorId, string authorKind, int revision)
    {
        var next = new List<AuthorRun>(_runs.Count + 2);
        var index = 0;
        var offset = 0; // units of _runs[index] already consumed
        foreach (var component in operation.Components)
        {
            if (component.Kind == ComponentKind.Insert)
            {
                Append(next, new AuthorRun(component.Length, authorId, authorKind, revision));
                continue;
            }

            var remaining = component.Length;
            while (remaining > 0)
            {
                if (index >= _runs.Count)
                {
                    throw new OperationException($"The operation covers {operation.BaseLength} units; the authorship {Length}.");
                }

                var run = _runs[index];
                var take = Math.Min(remaining, run.Length - offset);
                if (component.Kind == ComponentKind.Retain)
                {
                    Append(next, run with { Length = take });
                }

                remaining -= take;
                offset += take;
                if (offset == run.Length)
                {
                    index++;
                    offset = 0;
                }
            }
        }

        if (index < _runs.Count)
        {
            throw new OperationException($"The operation covers {operation.BaseLength} units; the authorship {Length}.");
        }

        _runs = next;
    }

    /// <summary>The runs as ranges of the content, in order.</summary>
    public IReadOnlyList<BlameRange> Ranges()
    {
        var ranges = new BlameRange[_runs.Count];
        var from = 0;
        for (var i = 0; i < _runs.Count; i++)
        {
            var run = _runs[i];
            ranges[i] = new BlameRange(from, from + run.Length, run.AuthorId, run.AuthorKind, run.Revision);
            from += run.Length;
        }

        return ranges;
    }

    /// <summary>Compact JSON for snapshots: <c>[[length,"author","kind",revision],…]</c>.</summary>
    public string Serialize()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var run in _runs)
            {
                writer.WriteStartArray();
                writer.WriteNumberValue(run.Length);
                writer.WriteStringValue(run.AuthorId);
                writer.WriteStringValue(run.AuthorKind);
                writer.WriteNumberValue(run.Revision);
                writer.WriteEndArray();
            }

            writer.WriteEndArray();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Reads <see cref="Serialize"/>'s form; throws <see cref="FormatException"/> for anything else.</summary>
    public static Authorship Parse(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var runs = new List<AuthorRun>();
            foreach (var item in document.RootElement.EnumerateArray())
            {
                var length = item[0].GetInt32();
                var kind = item[2].GetString();
                if (length <= 0 || !AuthorKinds.IsKnown(kind))
                {
                    throw new FormatException("A blame run has no length or an unknown kind.");
                }

                runs.Add(new AuthorRun(length, item[1].GetGuid(), kind!, item[3].GetInt32()));
            }

            return new Authorship(runs);
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException or IndexOutOfRangeException)
        {
            throw new FormatException("Not a serialized authorship.", exception);
        }
    }

    private static void Append(List<AuthorRun> runs, AuthorRun run)
    {
        if (run.Length == 0)
        {
            return;
        }

        if (runs.Count > 0 && runs[^1] is var last && last.AuthorId == run.AuthorId && last.AuthorKind == run.AuthorKind)
        {
            runs[^1] = last with { Length = last.Length + run.Length, Revision = Math.Max(last.Revision, run.Revision) };
            return;
        }

        runs.Add(run);
    }
}

/// <summary>A stretch of content written by one author; <see cref="Revision"/> is the newest revision that wrote in it.</summary>
public readonly record struct AuthorRun(int Length, Guid AuthorId, string AuthorKind, int Revision);
