using System.Buffers.Text;
using System.Text;
using PowerAutomation.Gateway.Paging;
using PowerAutomation.Grains.Abstractions.Paging;

namespace PowerAutomation.Tests.Paging;

/// <summary>The opaque listing cursor: exact round trips, and anything not given out is refused.</summary>
public sealed class PageCursorTests
{
    private const string Id = "0123456789abcdef0123456789abcdef";

    [Theory]
    [InlineData("1970-01-01T00:00:00Z")]
    [InlineData("2026-03-04T05:06:07.123456Z")]
    [InlineData("9999-12-31T23:59:59.999999Z")]
    public void Encode_ThenDecode_GivesTheSameKey_ToTheMicrosecond(string at)
    {
        var key = new PageKey(DateTimeOffset.Parse(at), Id);

        Assert.True(PageCursor.TryDecode(PageCursor.Encode(key), out var decoded));
        Assert.Equal(key, decoded);
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage!")]
    [InlineData("MS4xLjA")] // 1.1.0: not an id
    [InlineData("Mi4xLjAxMjM0NTY3ODlhYmNkZWYwMTIzNDU2Nzg5YWJjZGVm")] // version 2
    [InlineData("MS4wMS4wMTIzNDU2Nzg5YWJjZGVmMDEyMzQ1Njc4OWFiY2RlZg")] // 01: not canonical
    [InlineData("MS4xLjAxMjM0NTY3ODlBQkNERUYwMTIzNDU2Nzg5YWJjZGVm")] // upper-case id
    [InlineData("MS4xLjAxMjM0NTY3ODlhYmNkZWYwMTIzNDU2Nzg5YWJjZGVm==")] // padded
    public void TryDecode_AnythingNotGivenOut_IsRefused(string cursor) => Assert.False(PageCursor.TryDecode(cursor, out _));

    [Fact]
    public void TryDecode_OverflowsAndOversizedText_AreRefused()
    {
        Assert.False(PageCursor.TryDecode(Cursor($"1.{long.MaxValue}.{Id}"), out _));
        Assert.False(PageCursor.TryDecode(Cursor($"1.-5.{Id}"), out _));
        Assert.False(PageCursor.TryDecode(Cursor($"1.5.{Id}.extra"), out _));
        Assert.False(PageCursor.TryDecode(Cursor("1.5.\u00e9" + Id[1..]), out _));
        Assert.False(PageCursor.TryDecode(new string('A', PageCursor.MaxLength + 4), out _));
        Assert.True(PageCursor.TryDecode(Cursor($"1.5.{Id}"), out var key));
        Assert.Equal(DateTimeOffset.UnixEpoch.AddTicks(50), key.At);
    }

    private static string Cursor(string text) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(text));
}
