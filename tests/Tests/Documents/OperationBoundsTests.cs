using System.Text.Json;
using PowerAutomation.Grains.Abstractions.Documents;

namespace PowerAutomation.Tests.Documents;

/// <summary>Client-sized lengths and texts: past int range or unstorable is a malformed operation, never a crash.</summary>
public sealed class OperationBoundsTests
{
    [Theory]
    [InlineData("[2147483647,1]")]
    [InlineData("[1,2147483647]")]
    [InlineData("[-2147483647,-1]")]
    [InlineData("[2147483647,-1]")]
    [InlineData("[2147483647,\"x\"]")]
    [InlineData("[2147483648]")]
    [InlineData("[-2147483648]")]
    public void LengthsPastIntRange_AreInvalidOperations(string json)
    {
        using var parsed = JsonDocument.Parse(json);
        Assert.Throws<OperationException>(() => OperationJson.Read(parsed.RootElement));
    }

    [Fact]
    public void BuilderTotals_PastIntRange_AreInvalidOperations()
    {
        Assert.Throws<OperationException>(() => new TextOperation.Builder().Retain(int.MaxValue).Delete(1));
        Assert.Throws<OperationException>(() => new TextOperation.Builder().Insert("a").Retain(int.MaxValue));
        Assert.Throws<OperationException>(() => TextOperation.Splice(10, int.MaxValue, 1, ""));
    }

    [Theory]
    [InlineData("[\"a\\u0000b\"]")]
    [InlineData("[\"\\ud800\"]")]
    [InlineData("[\"x\\udc00y\"]")]
    public void InsertsWithLoneSurrogatesOrNul_AreInvalidOperations(string json)
    {
        using var parsed = JsonDocument.Parse(json);
        Assert.Throws<OperationException>(() => OperationJson.Read(parsed.RootElement));
    }

    [Fact]
    public void Validate_RefusesNul_EvenInBuiltOperations()
    {
        var operation = new TextOperation.Builder().Insert("a\0").Build();
        Assert.Throws<OperationException>(() => operation.Validate(new StringText("")));
    }
}
