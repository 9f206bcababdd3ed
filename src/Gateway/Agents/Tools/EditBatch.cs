using PowerAutomation.Grains.Abstractions.Documents;

namespace PowerAutomation.Gateway.Agents.Tools;

/// <summary>
/// Turns an agent's list of replacements on one revision into one <see cref="TextOperation"/>: the edits are sorted,
/// do not overlap, lie inside the text, cut no surrogate pair and insert well-formed text. A refusal names the field
/// (<c>edits[2].to</c>) so the agent can correct itself. Pure: no Orleans, no I/O.
/// </summary>
public static class EditBatch
{
    public sealed record Outcome(TextOperation? Operation, string? Field, string? Message);

    public static Outcome Build(string content, IReadOnlyList<TextEdit> edits)
    {
        var builder = new TextOperation.Builder();
        var position = 0;
        for (var i = 0; i < edits.Count; i++)
        {
            var (from, to, text) = edits[i];
            var at = $"edits[{i}]";
            if (from < 0 || from > content.Length)
            {
                return Refuse($"{at}.from", $"{at}.from is {from}; it must lie within the document's {content.Length} UTF-16 units.");
            }

            if (to < from || to > content.Length)
            {
                return Refuse($"{at}.to", $"{at}.to is {to}; it must be at least from ({from}) and at most {content.Length}.");
            }

            if (from < position)
            {
                return Refuse($"{at}.from", $"{at}.from is {from}, before the end of the previous edit ({position}): edits are sorted and do not overlap.");
            }

            if (SplitsPair(content, from))
            {
                return Refuse($"{at}.from", $"{at}.from ({from}) falls between the two halves of a surrogate pair.");
            }

            if (SplitsPair(content, to))
            {
                return Refuse($"{at}.to", $"{at}.to ({to}) falls between the two halves of a surrogate pair.");
            }

            try
            {
                TextOperation.CheckInsertedText(text);
            }
            catch (OperationException exception)
            {
                return Refuse($"{at}.text", $"{at}.text: {exception.Message}");
            }

            builder.Retain(from - position).Delete(to - from).Insert(text);
            position = to;
        }

        builder.Retain(content.Length - position);
        return new Outcome(builder.Build(), null, null);
    }

    private static Outcome Refuse(string field, string message) => new(null, field, message);

    private static bool SplitsPair(string content, int position) =>
        position > 0 && position < content.Length && char.IsHighSurrogate(content[position - 1]) && char.IsLowSurrogate(content[position]);
}
