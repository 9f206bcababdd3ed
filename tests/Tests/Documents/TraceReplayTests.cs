using PowerAutomation.Grains.Abstractions.Documents;

namespace PowerAutomation.Tests.Documents;

public sealed class TraceReplayTests
{
    [Theory]
    [MemberData(nameof(EditingTraces.Sequential), MemberType = typeof(EditingTraces))]
    public void SequentialTrace_ReplayedThroughTheEngine_EndsAtEndContent(string name)
    {
        using var trace = EditingTraces.Load(name);
        var root = trace.RootElement;
        var text = new ChunkedText(root.GetProperty("startContent").GetString()!);
        var edits = 0;
        foreach (var transaction in root.GetProperty("txns").EnumerateArray())
        {
            foreach (var patch in transaction.GetProperty("patches").EnumerateArray())
            {
                var operation = TextOperation.Splice(text.Length, patch[0].GetInt32(), patch[1].GetInt32(), patch[2].GetString()!);
                text.Apply(operation);
                edits++;
            }
        }

        Assert.True(edits > 1000);
        Assert.Equal(root.GetProperty("endContent").GetString(), text.ToString());
    }
}
