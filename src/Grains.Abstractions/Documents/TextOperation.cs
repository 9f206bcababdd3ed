namespace PowerAutomation.Grains.Abstractions.Documents;

/// <summary>
/// A text edit in the style of ot.js <c>TextOperation</c>: a sequence of retain / insert / delete components that
/// spans the whole document it applies to (<see cref="BaseLength"/>) and yields <see cref="TargetLength"/>.
/// Always normalised: no empty components, no two adjacent of one kind, and an insert never directly after a
/// delete (so equal edits have equal components). Lengths count UTF-16 code units.
/// </summary>
/// <remarks>Crosses grain calls in its JSON form (<see cref="TextOperationSurrogate"/>).</remarks>
[Immutable]
public sealed partial class TextOperation
{
    private readonly OperationComponent[] _components;

    private TextOperation(OperationComponent[] components, int baseLength, int targetLength)
    {
        _components = components;
        BaseLength = baseLength;
        TargetLength = targetLength;
    }

    public IReadOnlyList<OperationComponent> Components => _components;

    public int BaseLength { get; }

    public int TargetLength { get; }

    /// <summary>True when applying changes nothing (only retains).</summary>
    public bool IsNoop => _components.All(c => c.Kind == ComponentKind.Retain);

    public static TextOperation Identity(int length) => new Builder().Retain(length).Build();

    /// <summary>The operation for one patch: at <paramref name="position"/> delete some units, then insert text.</summary>
    public static TextOperation Splice(int documentLength, int position, int deleteCount, string insert)
    {
        if (position < 0 || deleteCount < 0 || (long)position + deleteCount > documentLength)
        {
            throw new OperationException($"Splice at {position} deleting {deleteCount} does not fit a document of {documentLength}.");
        }

        return new Builder().Retain(position).Insert(insert).Delete(deleteCount).Retain(documentLength - position - deleteCount).Build();
    }

    public string Apply(string document)
    {
        if (document.Length != BaseLength)
        {
            throw new OperationException($"The operation spans {BaseLength} units but the document has {document.Length}.");
        }

        var result = new System.Text.StringBuilder(TargetLength);
        var position = 0;
        foreach (var component in _components)
        {
            switch (component.Kind)
            {
                case ComponentKind.Retain:
                    result.Append(document, position, component.Length);
                    position += component.Length;
                    break;
                case ComponentKind.Insert:
                    result.Append(component.Text);
                    break;
                default:
                    position += component.Length;
                    break;
            }
        }

        return result.ToString();
    }

    /// <summary>The operation that undoes this one on the document it applies to.</summary>
    public TextOperation Invert(string document) => Invert(new StringText(document));

    /// <summary>The operation that undoes this one on the document it applies to (only deleted text is read).</summary>
    public TextOperation Invert(ITextSource document)
    {
        var inverse = new Builder();
        var position = 0;
        foreach (var component in _components)
        {
            switch (component.Kind)
            {
                case ComponentKind.Retain:
                    inverse.Retain(component.Length);
                    position += component.Length;
                    break;
                case ComponentKind.Insert:
                    inverse.Delete(component.Length);
                    break;
                default:
                    inverse.Insert(document.Substring(position, component.Length));
                    position += component.Length;
                    break;
            }
        }

        return inverse.Build();
    }

    /// <summary>
    /// Checks the operation against the document it is meant for: matching length, no component boundary
    /// between the halves of a surrogate pair, and no lone surrogate in inserted text.
    /// </summary>
    public void Validate(ITextSource document)
    {
        if (document.Length != BaseLength)
        {
            throw new OperationException($"The operation spans {BaseLength} units but the document has {document.Length}.");
        }

        var position = 0;
        foreach (var component in _components)
        {
            if (SplitsPair(document, position))
            {
                throw new OperationException($"The operation splits a surrogate pair at {position}.");
            }

            if (component.Kind == ComponentKind.Insert)
            {
                CheckInsertedText(component.Text!);
            }

            if (component.Kind != ComponentKind.Insert)
            {
                position += component.Length;
            }
        }

        if (SplitsPair(document, position))
        {
            throw new OperationException($"The operation splits a surrogate pair at {position}.");
        }
    }

    /// <summary>
    /// Where a position in the base document ends up after this operation (for cursors and selections): inserts
    /// at or before it push it right, deletes before it pull it left.
    /// </summary>
    public int TransformIndex(int index)
    {
        var newIndex = index;
        var position = 0;
        foreach (var component in _components)
        {
            if (position > index)
            {
                break;
            }

            switch (component.Kind)
            {
                case ComponentKind.Retain:
                    position += component.Length;
                    break;
                case ComponentKind.Insert:
                    newIndex += component.Length;
                    break;
                default:
                    newIndex -= Math.Min(index - position, component.Length);
                    position += component.Length;
                    break;
            }
        }

        return newIndex;
    }

    public override string ToString() => OperationJson.Write(this);

    public override bool Equals(object? obj) =>
        obj is TextOperation other && BaseLength == other.BaseLength && _components.AsSpan().SequenceEqual(other._components);

    public override int GetHashCode() => HashCode.Combine(BaseLength, TargetLength, _components.Length);

    private static bool SplitsPair(ITextSource document, int position) =>
        position > 0 && position < document.Length
        && char.IsHighSurrogate(document[position - 1]) && char.IsLowSurrogate(document[position]);

    /// <summary>
    /// Text a document may hold: well-formed UTF-16, and no U+0000, which PostgreSQL's text cannot store (the log
    /// write would fail after the operation was accepted).
    /// </summary>
    public static void CheckInsertedText(string text)
    {
        if (!Json.JsonTextRules.IsWellFormed(text))
        {
            throw new OperationException("Inserted text contains a lone surrogate.");
        }

        if (text.Contains('\0', StringComparison.Ordinal))
        {
            throw new OperationException("Inserted text contains U+0000.");
        }
    }
}
