using System.Globalization;
using System.Text.Json;
using System.Xml;

namespace PowerAutomation.Grains.Abstractions.Workflows;

/// <summary>ISO 8601 durations (<c>PT5S</c>, <c>P1DT2H</c>) as API.md writes them; a plain number means seconds.</summary>
public static class Durations
{
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = default;
        if (string.IsNullOrWhiteSpace(text) || !text.StartsWith('P'))
        {
            return false; // Negative durations ("-PT1S") are refused here, not after parsing.
        }

        try
        {
            duration = XmlConvert.ToTimeSpan(text);
            return true;
        }
        catch (Exception exception) when (exception is FormatException or OverflowException)
        {
            return false;
        }
    }

    /// <summary>A JSON string in ISO 8601, or a non-negative number of seconds.</summary>
    public static bool TryRead(JsonElement element, out TimeSpan duration)
    {
        duration = default;
        if (element.ValueKind == JsonValueKind.String)
        {
            return TryParse(element.GetString(), out duration);
        }

        if (element.ValueKind == JsonValueKind.Number && element.TryGetDouble(out var seconds) && seconds is >= 0 and <= 365 * 86_400.0)
        {
            duration = TimeSpan.FromSeconds(seconds);
            return true;
        }

        return false;
    }

    public static string Write(TimeSpan duration) => XmlConvert.ToString(duration);

    public static string Describe(TimeSpan duration) => duration.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";
}
