using System.Text.Json;

namespace PowerAutomation.Grains.Abstractions.Workflows;

/// <summary>
/// What each step type needs in its <c>input</c>, checked when a definition is saved. A field holding a template is
/// only known when the run reaches the step, so it passes here and is checked again then.
/// </summary>
public static class StepInputRules
{
    public static readonly IReadOnlyList<string> HttpMethods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"];

    public static readonly IReadOnlyList<string> ChatRoles = ["system", "user", "assistant"];

    /// <summary>Paths (inside the input) of the fields of a step type that hold JSON numbers.</summary>
    public static IReadOnlyList<string> NumberFields(string type) => type switch
    {
        StepTypes.Delay => ["duration"],
        StepTypes.DocumentEdit => ["insert.at", "revision"],
        StepTypes.AiChat => ["maxTokens"],
        StepTypes.Foreach => ["concurrency"],
        _ => [],
    };

    public static IEnumerable<string> Check(string type, JsonElement input)
    {
        if (input.ValueKind != JsonValueKind.Object)
        {
            return ["input must be an object."];
        }

        return SecretPlacement(type, input).Concat(type switch
        {
            StepTypes.Transform => Transform(input),
            StepTypes.Delay => Delay(input),
            StepTypes.WaitSignal => WaitSignal(input),
            StepTypes.HttpRequest => HttpRequest(input),
            StepTypes.DocumentEdit => DocumentEdit(input),
            StepTypes.AiChat => AiChat(input),
            StepTypes.If => If(input),
            StepTypes.WorkflowRun => WorkflowRun(input),
            StepTypes.Foreach => Foreach(input),
            StepTypes.Approval => Approval(input),
            _ => [],
        });
    }

    /// <summary>
    /// <c>{{secrets.NAME}}</c> goes only into an <c>http.request</c>'s headers and body: anywhere else (a URL is
    /// logged and shown by proxies, other steps record what they render) the value would be written down.
    /// </summary>
    private static IEnumerable<string> SecretPlacement(string type, JsonElement input)
    {
        foreach (var member in input.EnumerateObject())
        {
            if (type == StepTypes.HttpRequest && member.Name is "headers" or "body")
            {
                continue;
            }

            if (Templates.SecretsIn(member.Value).FirstOrDefault() is { } secret)
            {
                yield return $"input.{member.Name} uses {secret.Text}: secrets may only be used in the headers and body of an http.request step.";
            }
        }
    }

    /// <summary>The <c>if</c> step's condition, parsed; null (with the reason) when it is missing or not well formed.</summary>
    public static Conditions.ConditionNode? ConditionOf(JsonElement input, out string? error)
    {
        error = null;
        if (!input.TryGetProperty("condition", out var condition) || condition.ValueKind != JsonValueKind.String)
        {
            error = "input.condition is required: one template such as {{ input.count > 3 }}.";
            return null;
        }

        try
        {
            return Conditions.Condition.Parse(condition.GetString()!);
        }
        catch (Conditions.ConditionSyntaxException exception)
        {
            error = $"input.condition: {exception.Message}";
            return null;
        }
    }

    private static IEnumerable<string> If(JsonElement input)
    {
        if (ConditionOf(input, out var error) is null)
        {
            yield return error!;
        }
    }

    public const int MaxApprovalMessageLength = 4000;

    /// <summary>An address as approvals take it: one '@' with text on both sides, no spaces, at most 254 characters.</summary>
    public static bool IsEmail(string? text) =>
        text is { Length: > 2 and <= 254 } && text.IndexOf('@') is var at && at > 0 && at == text.LastIndexOf('@') && at < text.Length - 1
        && !text.Any(c => char.IsWhiteSpace(c) || char.IsControl(c));

    private static IEnumerable<string> Approval(JsonElement input)
    {
        foreach (var field in new[] { "assignee", "escalateTo" })
        {
            if (input.TryGetProperty(field, out var address) ? address.ValueKind != JsonValueKind.String
                    || (!Templates.IsTemplated(address) && !IsEmail(address.GetString()))
                : field == "assignee")
            {
                yield return $"input.{field} is the e-mail address of {(field == "assignee" ? "who decides" : "who decides once the timeout passes")}.";
            }
        }

        if (!input.TryGetProperty("message", out var message) || message.ValueKind != JsonValueKind.String
            || message.GetString()!.Length is 0 or > MaxApprovalMessageLength)
        {
            yield return $"input.message is what the assignee is asked, 1 to {MaxApprovalMessageLength} characters.";
        }

        if (input.TryGetProperty("timeout", out var timeout) && !Templates.IsTemplated(timeout) && !Durations.TryRead(timeout, out _))
        {
            yield return "input.timeout is an ISO 8601 duration such as \"P2D\".";
        }

        if (input.TryGetProperty("escalateTo", out _) && !input.TryGetProperty("timeout", out _))
        {
            yield return "input.escalateTo needs input.timeout: the assignee's time to decide before it escalates.";
        }
    }

    public const int MaxForeachConcurrency = 16;

    private static IEnumerable<string> Foreach(JsonElement input)
    {
        if (!input.TryGetProperty("items", out var items) || (items.ValueKind != JsonValueKind.Array && !Templates.IsTemplated(items)))
        {
            yield return "input.items is required: a list, or a template such as {{steps.list.output}} that gives one.";
        }

        if (input.TryGetProperty("concurrency", out var concurrency)
            && (concurrency.ValueKind != JsonValueKind.Number || !concurrency.TryGetInt32(out var n) || n is < 1 or > MaxForeachConcurrency))
        {
            yield return $"input.concurrency is how many elements run at once, 1 to {MaxForeachConcurrency} (default 4).";
        }

        if (!input.TryGetProperty("step", out var step) || step.ValueKind != JsonValueKind.Object
            || !step.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
        {
            yield return "input.step is required: {type, input}, run once per element with {{item}} and {{index}}.";
            yield break;
        }

        if (!StepTypes.ForeachInner.Contains(type.GetString()))
        {
            yield return $"input.step.type is one of {string.Join(", ", StepTypes.ForeachInner)}.";
            yield break;
        }

        var inner = step.TryGetProperty("input", out var given) ? given : default;
        if (inner.ValueKind == JsonValueKind.Undefined)
        {
            yield return "input.step.input is required: the element step's input.";
            yield break;
        }

        foreach (var error in Check(type.GetString()!, inner))
        {
            yield return "input.step." + error;
        }
    }

    private static IEnumerable<string> WorkflowRun(JsonElement input)
    {
        if (!input.TryGetProperty("workflowId", out var id) || id.ValueKind != JsonValueKind.String
            || (!Guid.TryParse(id.GetString(), out _) && !Templates.IsTemplated(id)))
        {
            yield return "input.workflowId is required: the id of the workflow to run as a child (or a template).";
        }
    }

    private static IEnumerable<string> Transform(JsonElement input)
    {
        if (!input.TryGetProperty("value", out _))
        {
            yield return "input.value is required: the JSON to build.";
        }
    }

    private static IEnumerable<string> Delay(JsonElement input)
    {
        if (!input.TryGetProperty("duration", out var duration))
        {
            yield return "input.duration is required (ISO 8601, e.g. PT5S).";
        }
        else if (!Templates.IsTemplated(duration) && !Durations.TryRead(duration, out _))
        {
            yield return "input.duration must be an ISO 8601 duration such as PT5S.";
        }
    }

    private static IEnumerable<string> WaitSignal(JsonElement input)
    {
        if (!input.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String || !SignalNames.IsValid(name.GetString()))
        {
            yield return "input.name is required: a signal name of letters, digits, '.', '_' or '-' (at most 100).";
        }
    }

    private static IEnumerable<string> HttpRequest(JsonElement input)
    {
        if (!input.TryGetProperty("method", out var method) || method.ValueKind != JsonValueKind.String)
        {
            yield return $"input.method is required: one of {string.Join(", ", HttpMethods)}.";
        }
        else if (!Templates.IsTemplated(method) && !HttpMethods.Contains(method.GetString()!.ToUpperInvariant()))
        {
            yield return $"input.method must be one of {string.Join(", ", HttpMethods)}.";
        }

        if (!input.TryGetProperty("url", out var url) || url.ValueKind != JsonValueKind.String)
        {
            yield return "input.url is required: an absolute http or https URL.";
        }
        else if (!IsHttpUrl(url.GetString()!))
        {
            yield return "input.url must be an absolute http or https URL.";
        }

        if (input.TryGetProperty("headers", out var headers) && !Templates.IsTemplated(headers))
        {
            if (headers.ValueKind != JsonValueKind.Object)
            {
                yield return "input.headers must be an object of header names to string values.";
            }
            else if (headers.EnumerateObject().Any(h => h.Value.ValueKind != JsonValueKind.String || h.Name.Length == 0))
            {
                yield return "input.headers values must be strings.";
            }
        }
    }

    // A templated URL is judged by its literal beginning: "https://{{input.host}}/x" passes, "ftp://{{…}}" does not.
    private static bool IsHttpUrl(string url)
    {
        if (url.StartsWith("{{", StringComparison.Ordinal))
        {
            return true;
        }

        var templated = url.IndexOf("{{", StringComparison.Ordinal);
        var candidate = templated < 0 ? url : url[..templated] + "x";
        return Uri.TryCreate(candidate, UriKind.Absolute, out var parsed) && parsed.Scheme is "http" or "https";
    }

    private static IEnumerable<string> DocumentEdit(JsonElement input)
    {
        if (!input.TryGetProperty("documentId", out var documentId) || documentId.ValueKind != JsonValueKind.String
            || (!Templates.IsTemplated(documentId) && !Guid.TryParse(documentId.GetString(), out _)))
        {
            yield return "input.documentId is required: the document's id.";
        }

        var hasOperation = input.TryGetProperty("operation", out var operation);
        var hasInsert = input.TryGetProperty("insert", out var insert);
        if (hasOperation == hasInsert)
        {
            yield return "input needs exactly one of operation (an operation array) or insert ({at, text}).";
        }
        else if (hasOperation && operation.ValueKind != JsonValueKind.Array && !Templates.IsTemplated(operation))
        {
            yield return "input.operation must be an operation array such as [3, \"x\", -1].";
        }
        else if (hasInsert)
        {
            if (insert.ValueKind != JsonValueKind.Object)
            {
                yield return "input.insert must be an object {at, text}.";
                yield break;
            }

            if (!insert.TryGetProperty("at", out var at) || !(Templates.IsTemplated(at) || (at.ValueKind == JsonValueKind.Number && at.TryGetInt32(out var index) && index >= 0)))
            {
                yield return "input.insert.at is required: a position (UTF-16 units) from 0.";
            }

            if (!insert.TryGetProperty("text", out var text) || text.ValueKind != JsonValueKind.String)
            {
                yield return "input.insert.text is required: the text to insert.";
            }
        }
    }

    private static IEnumerable<string> AiChat(JsonElement input)
    {
        if (!input.TryGetProperty("model", out var model) || model.ValueKind != JsonValueKind.String || model.GetString()!.Length == 0)
        {
            yield return "input.model is required.";
        }

        if (!input.TryGetProperty("messages", out var messages) || (messages.ValueKind != JsonValueKind.Array && !Templates.IsTemplated(messages)))
        {
            yield return "input.messages is required: an array of {role, content}.";
        }
        else if (messages.ValueKind == JsonValueKind.Array)
        {
            if (messages.GetArrayLength() == 0)
            {
                yield return "input.messages must not be empty.";
            }

            foreach (var message in messages.EnumerateArray())
            {
                if (message.ValueKind != JsonValueKind.Object
                    || !message.TryGetProperty("role", out var role) || role.ValueKind != JsonValueKind.String || !ChatRoles.Contains(role.GetString())
                    || !message.TryGetProperty("content", out var content) || content.ValueKind != JsonValueKind.String)
                {
                    yield return "each of input.messages is {role: system|user|assistant, content: string}.";
                    break;
                }
            }
        }

        if (input.TryGetProperty("maxTokens", out var maxTokens) && !Templates.IsTemplated(maxTokens)
            && !(maxTokens.ValueKind == JsonValueKind.Number && maxTokens.TryGetInt32(out var tokens) && tokens > 0))
        {
            yield return "input.maxTokens must be a positive integer.";
        }
    }
}
