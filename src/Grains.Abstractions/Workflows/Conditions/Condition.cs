using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace PowerAutomation.Grains.Abstractions.Workflows.Conditions;

/// <summary>A parsed condition: literals, references, <c>exists(…)</c>, <c>not</c>, and binary operators.</summary>
public abstract record ConditionNode;

public sealed record LiteralNode(JsonNode? Value) : ConditionNode;

public sealed record ReferenceNode(ReferencePart Reference) : ConditionNode;

public sealed record ExistsNode(ReferencePart Reference) : ConditionNode;

public sealed record NotNode(ConditionNode Operand) : ConditionNode;

/// <summary><c>and</c>, <c>or</c>, <c>==</c>, <c>!=</c>, <c>&lt;</c>, <c>&lt;=</c>, <c>&gt;</c>, <c>&gt;=</c>.</summary>
public sealed record BinaryNode(string Operator, ConditionNode Left, ConditionNode Right) : ConditionNode;

/// <summary>A condition that is not well formed, with where and why.</summary>
public sealed class ConditionSyntaxException(string message) : Exception(message);

/// <summary>
/// The <c>if</c> step's condition: one template, <c>{{ EXPRESSION }}</c>, in a small language written here (no
/// evaluation of code). Grammar, loosest first:
/// <code>
/// or      := and ("or" and)*
/// and     := not ("and" not)*
/// not     := "not" not | compare
/// compare := primary (("==" | "!=" | "&lt;" | "&lt;=" | "&gt;" | "&gt;=") primary)?
/// primary := number | 'text' | "text" | true | false | null | "exists" "(" reference ")" | reference | "(" or ")"
/// reference := input(.SEGMENT)* | steps.ID.output(.SEGMENT)*
/// </code>
/// Bounded: at most <see cref="MaxLength"/> characters and <see cref="MaxDepth"/> levels of nesting, so parsing a
/// caller's text never recurses without end.
/// </summary>
public static class Condition
{
    public const int MaxLength = 2000;
    public const int MaxDepth = 32;

    /// <summary>The expression inside <paramref name="text"/>'s one template; throws <see cref="ConditionSyntaxException"/>.</summary>
    public static ConditionNode Parse(string text)
    {
        if (text.Length > MaxLength)
        {
            throw new ConditionSyntaxException($"The condition is longer than {MaxLength} characters.");
        }

        var trimmed = text.Trim();
        if (!trimmed.StartsWith("{{", StringComparison.Ordinal) || !trimmed.EndsWith("}}", StringComparison.Ordinal) || trimmed.Length < 4
            || trimmed[2..^2].Contains("}}", StringComparison.Ordinal))
        {
            throw new ConditionSyntaxException("The condition must be one template: {{ EXPRESSION }}, e.g. {{ input.count > 3 and exists(input.name) }}.");
        }

        var parser = new Parser(Tokenize(trimmed[2..^2]));
        var node = parser.Or(0);
        parser.ExpectEnd();
        return node;
    }

    /// <summary>Every reference the condition reads (for checking, when a definition is saved, that they can be known).</summary>
    public static IEnumerable<ReferencePart> References(ConditionNode node) => node switch
    {
        ReferenceNode r => [r.Reference],
        ExistsNode e => [e.Reference],
        NotNode n => References(n.Operand),
        BinaryNode b => References(b.Left).Concat(References(b.Right)),
        _ => [],
    };

    private enum Kind
    {
        Number,
        Text,
        Word,
        Symbol,
    }

    private sealed record Token(Kind Kind, string Value, int Position);

    private static List<Token> Tokenize(string expression)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < expression.Length)
        {
            var c = expression[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (char.IsAsciiDigit(c) || (c == '-' && i + 1 < expression.Length && char.IsAsciiDigit(expression[i + 1])))
            {
                var start = i++;
                while (i < expression.Length && (char.IsAsciiDigit(expression[i]) || expression[i] is '.' or 'e' or 'E'
                    || (expression[i] is '+' or '-' && expression[i - 1] is 'e' or 'E')))
                {
                    i++;
                }

                tokens.Add(new Token(Kind.Number, expression[start..i], start));
            }
            else if (c is '\'' or '"')
            {
                var start = i++;
                var text = new StringBuilder();
                while (i < expression.Length && expression[i] != c)
                {
                    if (expression[i] == '\\' && i + 1 < expression.Length)
                    {
                        i++;
                    }

                    text.Append(expression[i++]);
                }

                if (i >= expression.Length)
                {
                    throw new ConditionSyntaxException($"The text starting at {start} is never closed with {c}.");
                }

                i++;
                tokens.Add(new Token(Kind.Text, text.ToString(), start));
            }
            else if (char.IsAsciiLetter(c))
            {
                var start = i;
                while (i < expression.Length && (char.IsAsciiLetterOrDigit(expression[i]) || expression[i] is '_' or '-' or '.'))
                {
                    i++;
                }

                tokens.Add(new Token(Kind.Word, expression[start..i], start));
            }
            else if (i + 1 < expression.Length && expression.Substring(i, 2) is "==" or "!=" or "<=" or ">=")
            {
                tokens.Add(new Token(Kind.Symbol, expression.Substring(i, 2), i));
                i += 2;
            }
            else if (c is '<' or '>' or '(' or ')')
            {
                tokens.Add(new Token(Kind.Symbol, c.ToString(), i));
                i++;
            }
            else
            {
                throw new ConditionSyntaxException($"'{c}' at {i} is not part of a condition.");
            }
        }

        return tokens;
    }

    private sealed class Parser(List<Token> tokens)
    {
        private static readonly string[] Comparisons = ["==", "!=", "<", "<=", ">", ">="];
        private int _next;

        /// <summary><paramref name="depth"/> counts parentheses and <c>not</c>s around this point, the only ways to nest.</summary>
        public ConditionNode Or(int depth)
        {
            var left = And(depth);
            while (TakeWord("or"))
            {
                left = new BinaryNode("or", left, And(depth));
            }

            return left;
        }

        public void ExpectEnd()
        {
            if (_next < tokens.Count)
            {
                throw new ConditionSyntaxException($"'{tokens[_next].Value}' at {tokens[_next].Position} does not continue the condition.");
            }
        }

        private ConditionNode And(int depth)
        {
            var left = Not(depth);
            while (TakeWord("and"))
            {
                left = new BinaryNode("and", left, Not(depth));
            }

            return left;
        }

        private ConditionNode Not(int depth) => TakeWord("not") ? new NotNode(Not(Deeper(depth))) : Compare(depth);

        private ConditionNode Compare(int depth)
        {
            var left = Primary(depth);
            if (Peek() is { Kind: Kind.Symbol } symbol && Comparisons.Contains(symbol.Value))
            {
                _next++;
                return new BinaryNode(symbol.Value, left, Primary(depth));
            }

            return left;
        }

        private ConditionNode Primary(int depth)
        {
            var token = Peek() ?? throw new ConditionSyntaxException("The condition ends where a value was expected.");
            _next++;
            switch (token.Kind)
            {
                case Kind.Number:
                    return double.TryParse(token.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number)
                        ? new LiteralNode(JsonValue.Create(number))
                        : throw new ConditionSyntaxException($"'{token.Value}' at {token.Position} is not a number.");
                case Kind.Text:
                    return new LiteralNode(JsonValue.Create(token.Value));
                case Kind.Symbol when token.Value == "(":
                    var inner = Or(Deeper(depth));
                    Expect(")");
                    return inner;
                case Kind.Word:
                    switch (token.Value)
                    {
                        case "true":
                            return new LiteralNode(JsonValue.Create(true));
                        case "false":
                            return new LiteralNode(JsonValue.Create(false));
                        case "null":
                            return new LiteralNode(null);
                        case "exists":
                            Expect("(");
                            var target = Peek() is { Kind: Kind.Word } word ? Reference(word) : throw new ConditionSyntaxException("exists( needs a reference such as input.name.");
                            _next++;
                            Expect(")");
                            return new ExistsNode(target);
                        case "and" or "or" or "not":
                            throw new ConditionSyntaxException($"'{token.Value}' at {token.Position} needs a value before it.");
                        default:
                            return new ReferenceNode(Reference(token));
                    }

                default:
                    throw new ConditionSyntaxException($"'{token.Value}' at {token.Position} is not a value.");
            }
        }

        private static ReferencePart Reference(Token token)
        {
            var template = "{{" + token.Value + "}}";
            return Templates.TryParse(template, out var parts, out _) && Templates.AsWholeValue(parts) is { } reference
                ? reference
                : throw new ConditionSyntaxException($"'{token.Value}' at {token.Position} is not a reference: use input.PATH or steps.ID.output.PATH.");
        }

        private static int Deeper(int depth) =>
            depth + 1 > MaxDepth ? throw new ConditionSyntaxException($"The condition nests deeper than {MaxDepth} levels.") : depth + 1;

        private Token? Peek() => _next < tokens.Count ? tokens[_next] : null;

        private bool TakeWord(string word)
        {
            if (Peek() is { Kind: Kind.Word } token && token.Value == word)
            {
                _next++;
                return true;
            }

            return false;
        }

        private void Expect(string symbol)
        {
            if (Peek() is not { Kind: Kind.Symbol } token || token.Value != symbol)
            {
                throw new ConditionSyntaxException($"'{symbol}' was expected{(Peek() is { } t ? $" at {t.Position}, not '{t.Value}'" : " at the end")}.");
            }

            _next++;
        }
    }
}
