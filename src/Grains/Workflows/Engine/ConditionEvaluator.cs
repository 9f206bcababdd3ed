using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using PowerAutomation.Grains.Abstractions.Workflows;
using PowerAutomation.Grains.Abstractions.Workflows.Conditions;

namespace PowerAutomation.Grains.Workflows.Engine;

/// <summary>A condition that is well formed but cannot be decided on these values (comparing text with a number…).</summary>
public sealed class ConditionException(string message) : Exception(message);

/// <summary>
/// Decides an <c>if</c> step's condition on the run's input and the recorded outputs of the steps before it. Pure and
/// strict: <c>and</c>, <c>or</c>, <c>not</c> and the whole condition take only true or false (no truthiness);
/// <c>==</c> and <c>!=</c> compare any JSON values (numbers by value, objects and arrays deeply); ordering compares two
/// numbers or two texts (ordinal). <c>and</c>/<c>or</c> stop early, so <c>exists(input.x) and input.x &gt; 3</c> is safe
/// when x is missing; a reference to something missing anywhere else is a <see cref="TemplateException"/>.
/// </summary>
public static class ConditionEvaluator
{
    public static bool Decide(ConditionNode condition, JsonNode? runInput, Func<string, JsonNode?> stepOutput) =>
        Evaluate(condition, runInput, stepOutput) is JsonValue value && value.GetValueKind() is JsonValueKind.True or JsonValueKind.False
            ? value.GetValue<bool>()
            : throw new ConditionException("The condition is not true or false; compare the value, e.g. {{ input.count > 0 }}.");

    private static JsonNode? Evaluate(ConditionNode node, JsonNode? runInput, Func<string, JsonNode?> stepOutput)
    {
        switch (node)
        {
            case LiteralNode literal:
                return literal.Value;
            case ReferenceNode reference:
                return Resolve(reference.Reference, runInput, stepOutput, out var found) ? found
                    : throw new TemplateException($"{reference.Reference.Text} refers to nothing; test it first with exists(…).");
            case ExistsNode exists:
                return JsonValue.Create(Resolve(exists.Reference, runInput, stepOutput, out var value) && value is not null);
            case NotNode not:
                return JsonValue.Create(!Truth(Evaluate(not.Operand, runInput, stepOutput), "not"));
            case BinaryNode { Operator: "and" } and:
                return JsonValue.Create(Truth(Evaluate(and.Left, runInput, stepOutput), "and") && Truth(Evaluate(and.Right, runInput, stepOutput), "and"));
            case BinaryNode { Operator: "or" } or:
                return JsonValue.Create(Truth(Evaluate(or.Left, runInput, stepOutput), "or") || Truth(Evaluate(or.Right, runInput, stepOutput), "or"));
            case BinaryNode comparison:
                var left = Evaluate(comparison.Left, runInput, stepOutput);
                var right = Evaluate(comparison.Right, runInput, stepOutput);
                return JsonValue.Create(comparison.Operator switch
                {
                    "==" => Same(left, right),
                    "!=" => !Same(left, right),
                    var op => Order(left, right, op) switch
                    {
                        var c when op == "<" => c < 0,
                        var c when op == "<=" => c <= 0,
                        var c when op == ">" => c > 0,
                        var c => c >= 0,
                    },
                });
            default:
                throw new ConditionException($"Unknown condition part {node.GetType().Name}.");
        }
    }

    private static bool Truth(JsonNode? value, string op) =>
        value is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False
            ? v.GetValue<bool>()
            : throw new ConditionException($"'{op}' takes true or false, not {Describe(value)}.");

    private static bool Same(JsonNode? left, JsonNode? right) =>
        Number(left) is { } a && Number(right) is { } b ? a == b : JsonNode.DeepEquals(left, right);

    private static int Order(JsonNode? left, JsonNode? right, string op)
    {
        if (Number(left) is { } a && Number(right) is { } b)
        {
            return a.CompareTo(b);
        }

        if (Text(left) is { } x && Text(right) is { } y)
        {
            return string.CompareOrdinal(x, y);
        }

        throw new ConditionException($"'{op}' compares two numbers or two texts, not {Describe(left)} and {Describe(right)}.");
    }

    private static double? Number(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.Number
            ? double.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture)
            : null;

    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    private static string Describe(JsonNode? value) => value switch
    {
        null => "null",
        JsonObject => "an object",
        JsonArray => "a list",
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => "text",
            JsonValueKind.Number => "a number",
            _ => v.ToJsonString(),
        },
        _ => "a value",
    };

    private static bool Resolve(ReferencePart reference, JsonNode? runInput, Func<string, JsonNode?> stepOutput, out JsonNode? value) =>
        TemplateRenderer.TryResolve(reference, runInput, stepOutput, out value, out _);
}
