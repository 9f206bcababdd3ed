using PowerAutomation.Grains.Abstractions.Identity;

namespace PowerAutomation.Tests.Identity;

public sealed class IdentityRulesTests
{
    [Theory]
    [InlineData(" Ada@Example.COM ", "ada@example.com")]
    [InlineData("a.b+tag@sub.example.org", "a.b+tag@sub.example.org")]
    public void Normalize_ValidAddress_TrimsAndLowerCases(string input, string expected) =>
        Assert.Equal(expected, EmailAddress.Normalize(input));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("plain")]
    [InlineData("a@b")]
    [InlineData("a b@example.com")]
    [InlineData("Name <a@example.com>")]
    [InlineData("a@exam\tple.com")]
    public void Normalize_Invalid_IsNull(string? input) => Assert.Null(EmailAddress.Normalize(input));

    [Fact]
    public void RefreshToken_RoundTrips()
    {
        var token = new RefreshToken(Guid.NewGuid(), Guid.NewGuid(), "s3cr3t-s3cr3t-s3cr3t");
        Assert.True(RefreshToken.TryParse(token.ToString(), out var parsed));
        Assert.Equal(token, parsed);
    }

    [Fact]
    public void ApiKeyFormat_RoundTripsAndRejectsMalformed()
    {
        var keyId = Guid.NewGuid().ToString("N");
        Assert.True(ApiKeyFormat.TryParse(ApiKeyFormat.Compose(keyId, "abcdefghijklmnopqrstuvwxyz"), out var id, out var secret));
        Assert.Equal((keyId, "abcdefghijklmnopqrstuvwxyz"), (id, secret));
        Assert.False(ApiKeyFormat.TryParse("pa_" + keyId + "_short", out _, out _));
        Assert.False(ApiKeyFormat.TryParse("xx_" + keyId + "_abcdefghijklmnopqrstuvwxyz", out _, out _));
    }
}
