using System.Runtime.InteropServices;
using System.Text.Json;

namespace PowerAutomation.Grains.Abstractions.Documents;

/// <summary>
/// Who wrote each part of a document's content, kept incrementally: the content is a sequence of runs
/// (length, author, kind, newest revision), held in blocks of at most <see cref="BlockSize"/> runs so that an edit
/// touches one or two blocks rather than the whole sequence. Applying an operation walks its components once:
/// retained text keeps its runs, deleted text drops them, inserted text becomes a run of the operation's author,
/// merged with a neighbour by the same author and kind. Invariant: the run lengths sum to the content's length and
/// no run is empty, so blame is exact after any history without replaying the log.
/// </summary>
public sealed class Authorship
{
    private const int BlockSize = 256;

    private readonly List<List<AuthorRun>> _blocks = [];
    private readonly List<int> _blockLengths = [];
    private BlameRange[]? _ranges;

    public Authorship(IEnumerable<AuthorRun> runs)
    {
        foreach (var run in Merged(runs))
        {
            if (_blocks.Count == 0 || _blocks[^1].Count >= BlockSize)
            {
                _blocks.Add([]);
                _blockLengths.Add(0);
            }

            _blocks[^1].Add(run);
            _blockLengths[^1] += run.Length;
            Length += run.Length;
        }
    }

    /// <summary>Content of <paramref name="length"/> units, all written by one author at one revision.</summary>
    public static Authorship Of(int length, Guid authorId, string authorKind, int revision) =>
        new(length == 0 ? [] : [new AuthorRun(length, authorId, authorKind, revision)]);

    public int Length { get; private set; }

    /// <summary>The runs in order, neighbours by one author and kind merged.</summary>
    public IReadOnlyList<AuthorRun> Runs => Merged(_blocks.SelectMany(b => b)).ToList();

    public void Apply(TextOperation operation, Guid authorId, string authorKind, int revision)
    {
        if (operation.BaseLength != Length)
        {
            throw new OperationException($"The operation covers {operation.BaseLength} units; the authorship {Length}.");
        }

        _ranges = null;

        // Positions are in the text as edited so far: retained and inserted text advance, deleted text does not.
        var position = 0;
        foreach (var component in operation.Components)
        {
            switch (component.Kind)
            {
                case ComponentKind.Retain:
                    position += component.Length;
                    break;
                case ComponentKind.Delete:
                    Delete(position, component.Length);
                    break;
                case ComponentKind.Insert:
                    Insert(position, new AuthorRun(component.Length, authorId, authorKind, revision));
                    position += component.Length;
                    break;
            }
        }
    }

    /// <summary>
    /// The runs as ranges of the content, in order. Built once per head (spans over the blocks, one array) and kept until
    /// the next edit, so the blame requests between two edits cost nothing more.
    /// </summary>
    public IReadOnlyList<BlameRange> Ranges() => _ranges ??= BuildRanges();

    private BlameRange[] BuildRanges()
    {
        // Neighbours by one author merge only across block boundaries, so one counting pass sizes the array exactly.
        var count = 0;
        var previous = default(AuthorRun);
        foreach (var block in _blocks)
        {
            foreach (ref readonly var run in CollectionsMarshal.AsSpan(block))
            {
                if (count == 0 || !SameAuthor(previous, run))
                {
                    count++;
                }

                previous = run;
            }
        }

        var ranges = new BlameRange[count];
        var written = 0;
        var from = 0;
        var pending = default(AuthorRun);
        foreach (var block in _blocks)
        {
            foreach (ref readonly var run in CollectionsMarshal.AsSpan(block))
            {
                if (pending.Length > 0 && SameAuthor(pending, run))
                {
                    pending = Grown(pending, run);
                    continue;
                }

                if (pending.Length > 0)
                {
                    ranges[written++] = new BlameRange(from, from + pending.Length, pending.AuthorId, pending.AuthorKind, pending.Revision);
                    from += pending.Length;
                }

                pending = run;
            }
        }

        if (pending.Length > 0)
        {
            ranges[written] = new BlameRange(from, from + pending.Length, pending.AuthorId, pending.AuthorKind, pending.Revision);
        }

        return ranges;
    }

    /// <summary>The block holding <paramref name="position"/> and the position within it; at a block's end, that block.</summary>
    private (int Block, int Offset) Locate(int position)
    {
        for (var b = 0; b < _blocks.Count; b++)
        {
            if (position <= _blockLengths[b])
            {
                return (b, position);
            }

            position -= _blockLengths[b];
        }

        return (_blocks.Count, 0);
    }

    private void Insert(int position, AuthorRun run)
    {
        if (run.Length == 0)
        {
            return;
        }

        Length += run.Length;
        var (b, offset) = Locate(position);
        if (b == _blocks.Count)
        {
            _blocks.Add([]);
            _blockLengths.Add(0);
        }

        var block = _blocks[b];
        _blockLengths[b] += run.Length;
        var i = 0;
        while (i < block.Count && offset > block[i].Length)
        {
            offset -= block[i].Length;
            i++;
        }

        if (i < block.Count && offset > 0 && offset < block[i].Length)
        {
            // Inside a run: split it around the insert, unless it is the same author's.
            var inside = block[i];
            if (SameAuthor(inside, run))
            {
                block[i] = Grown(inside, run);
                return;
            }

            block[i] = inside with { Length = offset };
            block.Insert(i + 1, run);
            block.Insert(i + 2, inside with { Length = inside.Length - offset });
        }
        else
        {
            // At a boundary: after run i when offset is its end, else before run i.
            var at = i < block.Count && offset == block[i].Length && offset > 0 ? i + 1 : i;
            if (at > 0 && SameAuthor(block[at - 1], run))
            {
                block[at - 1] = Grown(block[at - 1], run);
                return;
            }

            if (at < block.Count && SameAuthor(block[at], run))
            {
                block[at] = Grown(block[at], run);
                return;
            }

            block.Insert(at, run);
        }

        if (block.Count > 2 * BlockSize)
        {
            var half = block.GetRange(BlockSize, block.Count - BlockSize);
            block.RemoveRange(BlockSize, block.Count - BlockSize);
            _blocks.Insert(b + 1, half);
            var halfLength = half.Sum(r => r.Length);
            _blockLengths[b] -= halfLength;
            _blockLengths.Insert(b + 1, halfLength);
        }
    }

    private void Delete(int position, int count)
    {
        Length -= count;
        while (count > 0)
        {
            var (b, offset) = Locate(position);
            if (b < _blocks.Count && offset == _blockLengths[b])
            {
                b++;
                offset = 0;
            }

            var block = _blocks[b];
            var i = 0;
            while (offset >= block[i].Length)
            {
                offset -= block[i].Length;
                i++;
            }

            var run = block[i];
            var take = Math.Min(count, run.Length - offset);
            if (take == run.Length)
            {
                block.RemoveAt(i);
            }
            else
            {
                block[i] = run with { Length = run.Length - take };
            }

            _blockLengths[b] -= take;
            if (block.Count == 0)
            {
                _blocks.RemoveAt(b);
                _blockLengths.RemoveAt(b);
            }

            count -= take;
        }
    }

    private static bool SameAuthor(in AuthorRun a, in AuthorRun b) => a.AuthorId == b.AuthorId && a.AuthorKind == b.AuthorKind;

    private static AuthorRun Grown(AuthorRun run, AuthorRun added) =>
        run with { Length = run.Length + added.Length, Revision = Math.Max(run.Revision, added.Revision) };

    private static IEnumerable<AuthorRun> Merged(IEnumerable<AuthorRun> runs)
    {
        AuthorRun? pending = null;
        foreach (var run in runs)
        {
            if (run.Length == 0)
            {
                continue;
            }

            if (pending is { } last && SameAuthor(last, run))
            {
                pending = Grown(last, run);
                continue;
            }

            if (pending is { } done)
            {
                yield return done;
            }

            pending = run;
        }

        if (pending is { } final)
        {
            yield return final;
        }
    }

    /// <summary>Compact JSON for snapshots: <c>[[length,"author","kind",revision],…]</c>.</summary>
    public string Serialize()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var run in Runs)
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
}

/// <summary>A stretch of content written by one author; <see cref="Revision"/> is the newest revision that wrote in it.</summary>
public readonly record struct AuthorRun(int Length, Guid AuthorId, string AuthorKind, int Revision);
