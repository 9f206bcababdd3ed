using System.Text.Json;
using System.Text.Json.Nodes;
using PowerAutomation.Ai.Chat;

namespace PowerAutomation.Ai.Formats;

/// <summary>
/// The <c>input</c> items of a Responses request to and from neutral turns. Consecutive items of one side join one
/// turn, so an assistant message and the function calls after it are one assistant turn, and the call outputs that
/// answer them one user turn; system and developer messages join the system prompt.
/// </summary>
internal static class ResponsesInput
{
    public static List<ChatTurn> Turns(JsonElement items, List<string> system)
    {
        var turns = new List<ChatTurn>();
        var index = 0;
        foreach (var item in items.EnumerateArray())
        {
            var where = $"input[{index++}]";
            if (item.ValueKind != JsonValueKind.Object)
            {
                throw new ChatFormatException($"{where} must be an object.");
            }

            switch (item.OptionalString("type", where) ?? (item.Property("role") is null ? null : "message"))
            {
                case "message":
                    switch (item.RequiredString("role", where))
                    {
                        case "system" or "developer":
                            system.Add(string.Concat(Content(item, where).OfType<TextPart>().Select(p => p.Text)));
                            break;
                        case "user":
                            Add(turns, ChatRole.User, Content(item, where));
                            break;
                        case "assistant":
                            Add(turns, ChatRole.Assistant, Content(item, where).Where(p => p is not TextPart { Text.Length: 0 }));
                            break;
                        case var role:
                            throw new ChatFormatException($"{where}.role '{role}' is not one of user, assistant, system, developer.");
                    }

                    break;
                case "function_call":
                    Add(turns, ChatRole.Assistant, [new ToolCallPart(item.RequiredString("call_id", where), item.RequiredString("name", where),
                        item.OptionalString("arguments", where) is { Length: > 0 } arguments ? arguments : "{}")]);
                    break;
                case "function_call_output":
                    Add(turns, ChatRole.User, [new ToolResultPart(item.RequiredString("call_id", where), Output(item, where), false)]);
                    break;
                case "reasoning":
                    break; // The model's own reasoning from an earlier turn: only its maker can read it back.
                case "item_reference":
                    throw new ChatFormatException($"{where}: item_reference is not supported: this gateway stores no items; send the item itself.");
                case null:
                    throw new ChatFormatException($"{where}.type is required (message, function_call, function_call_output).");
                case var type:
                    throw new ChatFormatException($"{where}.type '{type}' is not supported (message, function_call, function_call_output, reasoning).");
            }
        }

        return turns;
    }

    public static JsonArray Write(IReadOnlyList<ChatTurn> turns)
    {
        var items = new JsonArray();
        foreach (var turn in turns)
        {
            var content = new JsonArray();
            foreach (var part in turn.Parts)
            {
                switch (part)
                {
                    case TextPart text:
                        content.Add(new JsonObject { ["type"] = turn.Role == ChatRole.User ? "input_text" : "output_text", ["text"] = text.Text });
                        break;
                    case ImagePart image:
                        content.Add(new JsonObject { ["type"] = "input_image", ["image_url"] = image.Url ?? $"data:{image.MediaType};base64,{image.Data}" });
                        break;
                    case ToolCallPart call:
                        Flush(items, turn.Role, content);
                        items.Add(new JsonObject { ["type"] = "function_call", ["call_id"] = call.Id, ["name"] = call.Name, ["arguments"] = call.Arguments });
                        break;
                    case ToolResultPart result:
                        Flush(items, turn.Role, content);
                        items.Add(new JsonObject { ["type"] = "function_call_output", ["call_id"] = result.CallId, ["output"] = result.Content });
                        break;
                }
            }

            Flush(items, turn.Role, content);
        }

        return items;
    }

    private static void Flush(JsonArray items, ChatRole role, JsonArray content)
    {
        if (content.Count == 0)
        {
            return;
        }

        var parts = new JsonArray(content.Select(c => c!.DeepClone()).ToArray());
        content.Clear();
        items.Add(new JsonObject { ["type"] = "message", ["role"] = role == ChatRole.User ? "user" : "assistant", ["content"] = parts });
    }

    private static void Add(List<ChatTurn> turns, ChatRole role, IEnumerable<ChatPart> parts)
    {
        var list = parts.ToList();
        if (list.Count == 0)
        {
            return;
        }

        if (turns.Count > 0 && turns[^1].Role == role)
        {
            turns[^1] = turns[^1] with { Parts = [.. turns[^1].Parts, .. list] };
            return;
        }

        turns.Add(new ChatTurn(role, list));
    }

    private static IEnumerable<ChatPart> Content(JsonElement message, string where)
    {
        var parts = Json.ContentItems(message.Property("content"), where, "content parts", out var text);
        if (text is not null)
        {
            return [new TextPart(text)];
        }

        return parts.Select((part, i) => Part(part, $"{where}.content[{i}]")).ToList();
    }

    private static ChatPart Part(JsonElement part, string where)
    {
        switch (part.RequiredString("type", where))
        {
            case "input_text" or "output_text":
                return new TextPart(part.RequiredString("text", where));
            case "refusal":
                return new TextPart(part.RequiredString("refusal", where));
            case "input_image":
                if (part.OptionalString("image_url", where) is { } url)
                {
                    return DataUrl.ToImage(url);
                }

                throw new ChatFormatException(part.Property("file_id") is not null
                    ? $"{where}.file_id is not supported: this gateway stores no files; give the image as image_url (a URL or a data: URL)."
                    : $"{where}.image_url is required.");
            case var type:
                throw new ChatFormatException($"{where}.type '{type}' is not supported (input_text, output_text, input_image).");
        }
    }

    /// <summary>A call's output: a string, or text parts (images in tool output cannot be translated).</summary>
    private static string Output(JsonElement item, string where) => item.Property("output") switch
    {
        { ValueKind: JsonValueKind.String } text => text.GetString()!,
        { ValueKind: JsonValueKind.Array } parts => string.Concat(parts.EnumerateArray().Select((p, i) => Part(p, $"{where}.output[{i}]") switch
        {
            TextPart text => text.Text,
            _ => throw new ChatFormatException($"{where}.output[{i}]: only text is supported in a function call's output."),
        })),
        _ => throw new ChatFormatException($"{where}.output must be a string or an array of input_text parts."),
    };
}
