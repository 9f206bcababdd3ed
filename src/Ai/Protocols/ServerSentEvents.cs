using System.Runtime.CompilerServices;
using System.Text;

namespace PowerAutomation.Ai.Protocols;

/// <summary>One server-sent event: its name (if any) and its data lines joined by newlines.</summary>
public readonly record struct SseEvent(string? Event, string Data)
{
    /// <summary>The event as it goes on the wire, blank line included.</summary>
    public string ToWire() => (Event is null ? "" : $"event: {Event}\n") + string.Concat(Data.Split('\n').Select(line => $"data: {line}\n")) + "\n";
}

/// <summary>Reads <c>text/event-stream</c> bodies (WHATWG rules: comments skipped, multi-line data joined).</summary>
public static class ServerSentEvents
{
    public static async IAsyncEnumerable<SseEvent> ReadAsync(Stream body, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(body, Encoding.UTF8);
        string? name = null;
        var data = new StringBuilder();
        var hasData = false;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                if (hasData)
                {
                    yield return new SseEvent(name, data.ToString());
                }

                name = null;
                data.Clear();
                hasData = false;
                continue;
            }

            if (line[0] == ':')
            {
                continue;
            }

            var colon = line.IndexOf(':');
            var field = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? "" : line[(colon + 1)..];
            if (value.StartsWith(' '))
            {
                value = value[1..];
            }

            switch (field)
            {
                case "event":
                    name = value;
                    break;
                case "data":
                    if (hasData)
                    {
                        data.Append('\n');
                    }

                    data.Append(value);
                    hasData = true;
                    break;
            }
        }

        if (hasData)
        {
            yield return new SseEvent(name, data.ToString());
        }
    }
}
