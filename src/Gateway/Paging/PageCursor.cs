using System.Buffers.Text;
using System.Globalization;
using System.Text;
using PowerAutomation.Grains.Abstractions.Paging;

namespace PowerAutomation.Gateway.Paging;

/// <summary>
/// The opaque <c>cursor</c> of listings: base64url of <c>1.{microseconds since 1970}.{id}</c>, where the id is 32
/// lowercase hex digits (every listed id has that form). Clients pass it back unchanged; anything else is refused.
/// It carries no secret: a forged cursor only moves the caller within what they may list anyway.
/// </summary>
public static class PageCursor
{
    public const int MaxLength = 128;

    private const string Version = "1";
    private const int IdLength = 32;

    private static readonly long MaxMicroseconds = Microseconds(DateTimeOffset.MaxValue);

    public static string Encode(PageKey key) =>
        Base64Url.EncodeToString(Encoding.ASCII.GetBytes($"{Version}.{Microseconds(key.At).ToString(CultureInfo.InvariantCulture)}.{key.Id}"));

    /// <summary>The page key a cursor names; false for anything this API did not give out.</summary>
    public static bool TryDecode(string text, out PageKey key)
    {
        key = null!;
        if (text.Length is 0 or > MaxLength || !Base64Url.IsValid(text))
        {
            return false;
        }

        var bytes = Base64Url.DecodeFromChars(text);
        if (bytes.Any(b => b is < 0x21 or > 0x7e))
        {
            return false;
        }

        var parts = Encoding.ASCII.GetString(bytes).Split('.');
        if (parts is not [Version, var micros, var id]
            || !long.TryParse(micros, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            || value > MaxMicroseconds
            || !IsId(id)
            || Encode(new PageKey(FromMicroseconds(value), id)) != text)
        {
            return false;
        }

        key = new PageKey(FromMicroseconds(value), id);
        return true;
    }

    private static long Microseconds(DateTimeOffset at) => (at.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;

    private static DateTimeOffset FromMicroseconds(long micros) => DateTimeOffset.UnixEpoch.AddTicks(micros * 10);

    private static bool IsId(string id) => id.Length == IdLength && id.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');
}
