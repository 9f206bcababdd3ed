namespace PowerAutomation.Grains.Abstractions.Documents;

public sealed partial class TextOperation
{
    /// <summary>Builds normalised operations the way ot.js does: merging neighbours, inserts before deletes.</summary>
    public sealed class Builder
    {
        private readonly List<OperationComponent> _components = [];
        private int _baseLength;
        private int _targetLength;

        public Builder Retain(int length)
        {
            if (length < 0)
            {
                throw new OperationException("Retain lengths must not be negative.");
            }

            if (length == 0)
            {
                return this;
            }

            _baseLength = Sum(_baseLength, length);
            _targetLength = Sum(_targetLength, length);
            if (_components.Count > 0 && _components[^1].Kind == ComponentKind.Retain)
            {
                _components[^1] = OperationComponent.Retain(_components[^1].Length + length);
            }
            else
            {
                _components.Add(OperationComponent.Retain(length));
            }

            return this;
        }

        public Builder Insert(string text)
        {
            if (string.IsNullOrEmpty(text))
            {
                return this;
            }

            _targetLength = Sum(_targetLength, text.Length);
            var count = _components.Count;
            if (count > 0 && _components[^1].Kind == ComponentKind.Insert)
            {
                _components[^1] = OperationComponent.Insert(_components[^1].Text + text);
            }
            else if (count > 0 && _components[^1].Kind == ComponentKind.Delete)
            {
                // Insert and delete at one place commute; keeping inserts first makes equal edits equal.
                if (count > 1 && _components[^2].Kind == ComponentKind.Insert)
                {
                    _components[^2] = OperationComponent.Insert(_components[^2].Text + text);
                }
                else
                {
                    _components.Insert(count - 1, OperationComponent.Insert(text));
                }
            }
            else
            {
                _components.Add(OperationComponent.Insert(text));
            }

            return this;
        }

        public Builder Delete(int length)
        {
            if (length < 0)
            {
                throw new OperationException("Delete lengths must not be negative.");
            }

            if (length == 0)
            {
                return this;
            }

            _baseLength = Sum(_baseLength, length);
            if (_components.Count > 0 && _components[^1].Kind == ComponentKind.Delete)
            {
                _components[^1] = OperationComponent.Delete(_components[^1].Length + length);
            }
            else
            {
                _components.Add(OperationComponent.Delete(length));
            }

            return this;
        }

        public Builder Add(OperationComponent component) => component.Kind switch
        {
            ComponentKind.Retain => Retain(component.Length),
            ComponentKind.Insert => Insert(component.Text!),
            _ => Delete(component.Length),
        };

        public TextOperation Build() => new([.. _components], _baseLength, _targetLength);

        /// <summary>
        /// Lengths are client input (<c>[2147483647,1]</c>): past int range is a malformed operation, not an overflow.
        /// Components never exceed their running total, so checking the totals covers the merged components too.
        /// </summary>
        private static int Sum(int total, int length) =>
            (long)total + length <= int.MaxValue
                ? total + length
                : throw new OperationException($"An operation spans at most {int.MaxValue} UTF-16 units.");
    }
}
