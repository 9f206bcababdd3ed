namespace PowerAutomation.Grains.Abstractions.Documents;

/// <summary>Compose and transform, as ot.js defines them.</summary>
public sealed partial class TextOperation
{
    /// <summary>One operation with the effect of <paramref name="first"/> then <paramref name="second"/>.</summary>
    public static TextOperation Compose(TextOperation first, TextOperation second)
    {
        if (first.TargetLength != second.BaseLength)
        {
            throw new OperationException($"Cannot compose: the first yields {first.TargetLength} units, the second spans {second.BaseLength}.");
        }

        var result = new Builder();
        var a = new Cursor(first._components);
        var b = new Cursor(second._components);
        while (a.HasCurrent || b.HasCurrent)
        {
            if (a.HasCurrent && a.Kind == ComponentKind.Delete)
            {
                result.Delete(a.Remaining);
                a.Next();
                continue;
            }

            if (b.HasCurrent && b.Kind == ComponentKind.Insert)
            {
                result.Insert(b.Text);
                b.Next();
                continue;
            }

            if (!a.HasCurrent || !b.HasCurrent)
            {
                throw new OperationException("Cannot compose: the operations do not line up.");
            }

            var length = Math.Min(a.Remaining, b.Remaining);
            switch (a.Kind, b.Kind)
            {
                case (ComponentKind.Retain, ComponentKind.Retain):
                    result.Retain(length);
                    break;
                case (ComponentKind.Retain, ComponentKind.Delete):
                    result.Delete(length);
                    break;
                case (ComponentKind.Insert, ComponentKind.Retain):
                    result.Insert(a.Take(length));
                    break;
                default:
                    // Insert then delete of the same text: nothing remains.
                    a.Take(length);
                    break;
            }

            a.Advance(length);
            b.Advance(length);
        }

        return result.Build();
    }

    /// <summary>
    /// TP1 transform of two operations on the same document: <c>apply(apply(d, a), b') == apply(apply(d, b), a')</c>.
    /// At one position the insert of <paramref name="a"/> goes first.
    /// </summary>
    public static (TextOperation APrime, TextOperation BPrime) Transform(TextOperation a, TextOperation b)
    {
        if (a.BaseLength != b.BaseLength)
        {
            throw new OperationException($"Cannot transform operations spanning {a.BaseLength} and {b.BaseLength} units.");
        }

        var aPrime = new Builder();
        var bPrime = new Builder();
        var x = new Cursor(a._components);
        var y = new Cursor(b._components);
        while (x.HasCurrent || y.HasCurrent)
        {
            if (x.HasCurrent && x.Kind == ComponentKind.Insert)
            {
                aPrime.Insert(x.Text);
                bPrime.Retain(x.Text.Length);
                x.Next();
                continue;
            }

            if (y.HasCurrent && y.Kind == ComponentKind.Insert)
            {
                aPrime.Retain(y.Text.Length);
                bPrime.Insert(y.Text);
                y.Next();
                continue;
            }

            if (!x.HasCurrent || !y.HasCurrent)
            {
                throw new OperationException("Cannot transform: the operations do not line up.");
            }

            var length = Math.Min(x.Remaining, y.Remaining);
            switch (x.Kind, y.Kind)
            {
                case (ComponentKind.Retain, ComponentKind.Retain):
                    aPrime.Retain(length);
                    bPrime.Retain(length);
                    break;
                case (ComponentKind.Delete, ComponentKind.Retain):
                    aPrime.Delete(length);
                    break;
                case (ComponentKind.Retain, ComponentKind.Delete):
                    bPrime.Delete(length);
                    break;
            }

            // Both deleting the same text: it is gone either way.
            x.Advance(length);
            y.Advance(length);
        }

        return (aPrime.Build(), bPrime.Build());
    }

    /// <summary>Walks components, splitting them where the other side needs.</summary>
    private struct Cursor(OperationComponent[] components)
    {
        private int _index;
        private int _offset;

        public readonly bool HasCurrent => _index < components.Length;

        public readonly ComponentKind Kind => components[_index].Kind;

        public readonly int Remaining => components[_index].Length - _offset;

        public readonly string Text => components[_index].Text!.Substring(_offset);

        public readonly string Take(int length) => components[_index].Text!.Substring(_offset, length);

        public void Advance(int length)
        {
            _offset += length;
            if (_offset == components[_index].Length)
            {
                Next();
            }
        }

        public void Next()
        {
            _index++;
            _offset = 0;
        }
    }
}
