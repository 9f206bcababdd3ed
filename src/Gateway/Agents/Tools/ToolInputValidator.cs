using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using PowerAutomation.Grains.Abstractions.Json;

namespace PowerAutomation.Gateway.Agents.Tools;

/// <summary>
/// Checks a tool's arguments against its input schema: the subset of JSON Schema the catalogue's schemas use
/// (<c>type</c>, <c>required</c>, <c>properties</c>, <c>additionalProperties: false</c>, <c>items</c>,
/// <c>min/maxItems</c>, <c>min/maxLength</c>, <c>minimum/maximum</c>, <c>enum</c>, <c>format: uuid</c>). The first
/// problem is reported with the path of the field (<c>edits[0].text</c>). Pure.
/// </summary>
public static class ToolInputValidator
{
    public sealed record Problem(string Field, string Message);

    public static Problem? Validate(JsonObject schema, JsonElement value) => Check(schema, value, "");

    private static Problem? Check(JsonObject schema, JsonElement value, string path)
    {
        var name = path.Length == 0 ? "arguments" : path;
        if (schema["type"]?.GetValue<string>() is { } type && !HasType(value, type))
        {
            return new Problem(name, $"{name} must be {Article(type)} {type}.");
        }

        if (schema["enum"] is JsonArray allowed && !allowed.Any(a => a is not null && JsonNode.DeepEquals(a, JsonNode.Parse(value.GetRawText()))))
        {
            return new Problem(name, $"{name} must be one of {string.Join(", ", allowed.Select(a => a?.ToJsonString()))}.");
        }

        return value.ValueKind switch
        {
            JsonValueKind.Object => CheckObject(schema, value, path),
            JsonValueKind.Array => CheckArray(schema, value, name),
            JsonValueKind.String => CheckString(schema, value.GetString()!, name),
            JsonValueKind.Number => CheckNumber(schema, value, name),
            _ => null,
        };
    }

    private static Problem? CheckObject(JsonObject schema, JsonElement value, string path)
    {
        var properties = schema["properties"] as JsonObject;
        foreach (var required in (schema["required"] as JsonArray ?? []).Select(r => r!.GetValue<string>()))
        {
            if (!value.TryGetProperty(required, out var given) || given.ValueKind == JsonValueKind.Null)
            {
                var field = Join(path, required);
                return new Problem(field, $"{field} is required.");
            }
        }

        foreach (var property in value.EnumerateObject())
        {
            var field = Join(path, property.Name);
            if (properties?[property.Name] is JsonObject propertySchema)
            {
                if (property.Value.ValueKind == JsonValueKind.Null && !(schema["required"] as JsonArray ?? []).Any(r => r!.GetValue<string>() == property.Name))
                {
                    continue; // An optional field given as null is the same as one left out.
                }

                if (Check(propertySchema, property.Value, field) is { } problem)
                {
                    return problem;
                }
            }
            else if (schema["additionalProperties"] is JsonValue additional && additional.GetValue<bool>() == false)
            {
                return new Problem(field, $"{field} is not a field of this tool.");
            }
        }

        return null;
    }

    private static Problem? CheckArray(JsonObject schema, JsonElement value, string name)
    {
        var count = value.GetArrayLength();
        if (schema["minItems"]?.GetValue<int>() is { } min && count < min)
        {
            return new Problem(name, $"{name} needs at least {min} item(s).");
        }

        if (schema["maxItems"]?.GetValue<int>() is { } max && count > max)
        {
            return new Problem(name, $"{name} may have at most {max} items.");
        }

        if (schema["items"] is JsonObject items)
        {
            var i = 0;
            foreach (var item in value.EnumerateArray())
            {
                if (Check(items, item, $"{name}[{i++}]") is { } problem)
                {
                    return problem;
                }
            }
        }

        return null;
    }

    private static Problem? CheckString(JsonObject schema, string text, string name)
    {
        if (schema["minLength"]?.GetValue<int>() is { } min && text.Length < min)
        {
            return new Problem(name, $"{name} needs at least {min} character(s).");
        }

        if (schema["maxLength"]?.GetValue<int>() is { } max && text.Length > max)
        {
            return new Problem(name, $"{name} may have at most {max} characters.");
        }

        if (!JsonTextRules.IsWellFormed(text))
        {
            return new Problem(name, $"{name} contains a lone surrogate.");
        }

        if (schema["format"]?.GetValue<string>() == "uuid" && !Guid.TryParse(text, out _))
        {
            return new Problem(name, $"{name} must be a UUID.");
        }

        return null;
    }

    private static Problem? CheckNumber(JsonObject schema, JsonElement value, string name)
    {
        var number = value.GetDouble();
        if (schema["minimum"]?.GetValue<double>() is { } min && number < min)
        {
            return new Problem(name, $"{name} must be at least {min.ToString(CultureInfo.InvariantCulture)}.");
        }

        if (schema["maximum"]?.GetValue<double>() is { } max && number > max)
        {
            return new Problem(name, $"{name} must be at most {max.ToString(CultureInfo.InvariantCulture)}.");
        }

        return null;
    }

    private static bool HasType(JsonElement value, string type) => type switch
    {
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        "string" => value.ValueKind == JsonValueKind.String,
        "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out _),
        "number" => value.ValueKind == JsonValueKind.Number,
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        _ => true,
    };

    private static string Article(string type) => type is "object" or "array" or "integer" ? "an" : "a";

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";
}
