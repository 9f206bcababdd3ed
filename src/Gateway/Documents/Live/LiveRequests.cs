using System.Text.Json;
using PowerAutomation.Grains.Abstractions.Documents;

namespace PowerAutomation.Gateway.Documents.Live;

/// <summary>A client → server frame of API.md's live protocol, read and checked.</summary>
public abstract record LiveRequest;

public sealed record OperationRequest(int Revision, TextOperation Operation, long Seq) : LiveRequest;

public sealed record PresenceRequest(IReadOnlyList<SelectionRange> Selection) : LiveRequest;

public sealed record ResumeRequest(int Revision, long? Seq) : LiveRequest;

/// <summary>A frame that is refused with an error frame; the connection stays open. <see cref="Seq"/> when known.</summary>
public sealed record RefusedRequest(string Code, string Message, long? Seq = null) : LiveRequest;

/// <summary>
/// Reads client frames strictly and never throws: a field of the wrong type is the client's mistake, answered with an
/// error frame, never a failure of the connection. Numbers sent as strings are <c>invalid_json</c> (API.md,
/// hardening rules), other wrong shapes <c>invalid_frame</c>, operations that do not parse <c>invalid_operation</c>.
/// </summary>
public static class LiveRequests
{
    public const string InvalidFrame = "invalid_frame";
    public const string InvalidJson = "invalid_json";
    public const int MaxSelectionRanges = 100;

    public static LiveRequest Parse(JsonElement frame)
    {
        if (frame.ValueKind != JsonValueKind.Object)
        {
            return new RefusedRequest(InvalidFrame, "Frames are JSON objects.");
        }

        return TypeOf(frame) switch
        {
            "operation" => Operation(frame),
            "presence" => Presence(frame),
            "resume" => Resume(frame),
            _ => new RefusedRequest(InvalidFrame, "Frames are operation or presence (resume only as the first frame)."),
        };
    }

    private static LiveRequest Operation(JsonElement frame)
    {
        // seq first, so later refusals can name the operation they refuse.
        if (Integer(frame, "seq", 1, long.MaxValue, required: true, out var seq) is { } badSeq)
        {
            return badSeq;
        }

        if (Integer(frame, "revision", 0, int.MaxValue, required: true, out var revision) is { } badRevision)
        {
            return badRevision with { Seq = seq };
        }

        if (!frame.TryGetProperty("operation", out var json))
        {
            return new RefusedRequest(InvalidFrame, "An operation frame has revision, operation and seq (from 1).", seq);
        }

        try
        {
            return new OperationRequest((int)revision!.Value, OperationJson.Read(json), seq!.Value);
        }
        catch (OperationException exception)
        {
            return new RefusedRequest(DocumentErrors.InvalidOperation, exception.Message, seq);
        }
    }

    private static LiveRequest Presence(JsonElement frame)
    {
        if (!frame.TryGetProperty("selection", out var selection) || selection.ValueKind == JsonValueKind.Null)
        {
            return new PresenceRequest([]);
        }

        if (selection.ValueKind != JsonValueKind.Array || selection.GetArrayLength() > MaxSelectionRanges)
        {
            return new RefusedRequest(InvalidFrame, $"selection is an array of at most {MaxSelectionRanges} {{anchor, head}} ranges.");
        }

        var ranges = new List<SelectionRange>();
        foreach (var range in selection.EnumerateArray())
        {
            if (range.ValueKind != JsonValueKind.Object)
            {
                return new RefusedRequest(InvalidFrame, "A selection range is an object {anchor, head}.");
            }

            if (Integer(range, "anchor", 0, int.MaxValue, required: true, out var anchor) is { } badAnchor)
            {
                return badAnchor;
            }

            if (Integer(range, "head", 0, int.MaxValue, required: true, out var head) is { } badHead)
            {
                return badHead;
            }

            ranges.Add(new SelectionRange((int)anchor!.Value, (int)head!.Value));
        }

        return new PresenceRequest(ranges);
    }

    private static LiveRequest Resume(JsonElement frame)
    {
        if (Integer(frame, "revision", 0, int.MaxValue, required: true, out var revision) is { } badRevision)
        {
            return badRevision;
        }

        return Integer(frame, "seq", 0, long.MaxValue, required: false, out var seq) is { } badSeq
            ? badSeq
            : new ResumeRequest((int)revision!.Value, seq);
    }

    private static string? TypeOf(JsonElement frame)
    {
        if (!frame.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        try
        {
            return type.GetString();
        }
        catch (InvalidOperationException)
        {
            // An escaped lone surrogate: no type that exists.
            return null;
        }
    }

    /// <summary>Reads an integer field in [min, max]; null when it is fine, else the refusal.</summary>
    private static RefusedRequest? Integer(JsonElement element, string name, long min, long max, bool required, out long? value)
    {
        value = null;
        if (!element.TryGetProperty(name, out var field) || (!required && field.ValueKind == JsonValueKind.Null))
        {
            return required ? new RefusedRequest(InvalidFrame, $"{name} is required: an integer from {min}.") : null;
        }

        if (field.ValueKind == JsonValueKind.String)
        {
            return new RefusedRequest(InvalidJson, $"{name} is a JSON number, not a string.");
        }

        if (field.ValueKind != JsonValueKind.Number || !field.TryGetInt64(out var number) || number < min || number > max)
        {
            return new RefusedRequest(InvalidFrame, $"{name} is an integer from {min} to {max}.");
        }

        value = number;
        return null;
    }
}
