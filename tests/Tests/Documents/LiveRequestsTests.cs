using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PowerAutomation.Gateway.Documents.Live;

namespace PowerAutomation.Tests.Documents;

/// <summary>The pure parts of the live protocol: frame reading, the byte-bounded send queue, caps and the frame rate.</summary>
public sealed class LiveRequestsTests
{
    [Theory]
    [InlineData("{\"type\":\"operation\",\"revision\":\"0\",\"operation\":[\"x\"],\"seq\":1}", "invalid_json")]
    [InlineData("{\"type\":\"operation\",\"revision\":0,\"operation\":[\"x\"],\"seq\":\"1\"}", "invalid_json")]
    [InlineData("{\"type\":\"operation\",\"revision\":null,\"operation\":[\"x\"],\"seq\":1}", "invalid_frame")]
    [InlineData("{\"type\":\"operation\",\"revision\":1.5,\"operation\":[\"x\"],\"seq\":1}", "invalid_frame")]
    [InlineData("{\"type\":\"operation\",\"revision\":-1,\"operation\":[\"x\"],\"seq\":1}", "invalid_frame")]
    [InlineData("{\"type\":\"operation\",\"revision\":0,\"operation\":[\"x\"],\"seq\":0}", "invalid_frame")]
    [InlineData("{\"type\":\"operation\",\"revision\":0,\"seq\":1}", "invalid_frame")]
    [InlineData("{\"type\":\"operation\",\"revision\":0,\"operation\":[2147483647,1],\"seq\":1}", "invalid_operation")]
    [InlineData("{\"type\":\"operation\",\"revision\":0,\"operation\":[\"\\u0000\"],\"seq\":1}", "invalid_operation")]
    [InlineData("{\"type\":\"operation\",\"revision\":0,\"operation\":[\"\\ud800\"],\"seq\":1}", "invalid_operation")]
    [InlineData("{\"type\":\"presence\",\"selection\":[{\"anchor\":\"a\",\"head\":0}]}", "invalid_json")]
    [InlineData("{\"type\":\"presence\",\"selection\":[{\"anchor\":0}]}", "invalid_frame")]
    [InlineData("{\"type\":\"presence\",\"selection\":[1]}", "invalid_frame")]
    [InlineData("{\"type\":\"presence\",\"selection\":{}}", "invalid_frame")]
    [InlineData("{\"type\":\"resume\",\"revision\":\"0\"}", "invalid_json")]
    [InlineData("{\"type\":\"resume\",\"revision\":true}", "invalid_frame")]
    [InlineData("{\"type\":\"resume\",\"revision\":0,\"seq\":\"1\"}", "invalid_json")]
    [InlineData("{\"type\":\"\\ud800\"}", "invalid_frame")]
    [InlineData("{\"type\":7}", "invalid_frame")]
    [InlineData("[1,2]", "invalid_frame")]
    public void WrongFrames_AreRefusedWithACode(string json, string code)
    {
        using var frame = JsonDocument.Parse(json);
        var refused = Assert.IsType<RefusedRequest>(LiveRequests.Parse(frame.RootElement));
        Assert.Equal(code, refused.Code);
    }

    [Fact]
    public void RefusedOperations_NameTheirSeq()
    {
        using var frame = JsonDocument.Parse("{\"type\":\"operation\",\"revision\":\"0\",\"operation\":[\"x\"],\"seq\":7}");
        Assert.Equal(7, Assert.IsType<RefusedRequest>(LiveRequests.Parse(frame.RootElement)).Seq);
    }

    [Fact]
    public void GoodFrames_AreRead()
    {
        using var operation = JsonDocument.Parse("{\"type\":\"operation\",\"revision\":3,\"operation\":[1,\"x\"],\"seq\":2}");
        var read = Assert.IsType<OperationRequest>(LiveRequests.Parse(operation.RootElement));
        Assert.Equal((3, 2L, "[1,\"x\"]"), (read.Revision, read.Seq, read.Operation.ToString()));

        using var presence = JsonDocument.Parse("{\"type\":\"presence\",\"selection\":[{\"anchor\":1,\"head\":4}]}");
        Assert.Equal((1, 4), Assert.IsType<PresenceRequest>(LiveRequests.Parse(presence.RootElement)).Selection.Select(r => (r.Anchor, r.Head)).Single());

        using var resume = JsonDocument.Parse("{\"type\":\"resume\",\"revision\":5}");
        Assert.Equal(new ResumeRequest(5, null), LiveRequests.Parse(resume.RootElement));
    }

    [Fact]
    public void SendQueue_IsBoundedInBytes_ButAdmitsOneLargeFrameWhenEmpty()
    {
        var queue = new LiveSendQueue(maxBytes: 1000, maxFrames: 100);
        Assert.True(queue.TryReserve(5000));
        Assert.False(queue.TryReserve(1));
        queue.Release(5000);

        Assert.True(queue.TryReserve(600));
        Assert.True(queue.TryReserve(400));
        Assert.False(queue.TryReserve(1));
        Assert.Equal(1000, queue.Bytes);
        queue.Resize(400, 100);
        Assert.True(queue.TryReserve(300));
        Assert.False(queue.TryReserve(1));
    }

    [Fact]
    public void SendQueue_IsBoundedInFrames()
    {
        var queue = new LiveSendQueue(maxBytes: 1_000_000, maxFrames: 2);
        Assert.True(queue.TryReserve(1));
        Assert.True(queue.TryReserve(1));
        Assert.False(queue.TryReserve(1));
    }

    [Fact]
    public void Connections_AreCappedPerUserAndPerDocument_AndFreedOnClose()
    {
        var connections = new LiveConnections(Options.Create(new LiveOptions { MaxSocketsPerUser = 2, MaxSocketsPerDocument = 3 }), new FakeTimeProvider());
        var (alice, bob, doc, other) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());

        var first = connections.TryOpen(alice, doc, out _);
        using var second = connections.TryOpen(alice, other, out _);
        Assert.NotNull(first);
        Assert.NotNull(second);
        Assert.Null(connections.TryOpen(alice, doc, out var perUser));
        Assert.Contains("per user", perUser);

        using var b1 = connections.TryOpen(bob, doc, out _);
        using var b2 = connections.TryOpen(bob, doc, out _);
        Assert.Equal(2, connections.ConnectionsOf(bob));
        first!.Dispose();
        first.Dispose();
        Assert.Equal(1, connections.ConnectionsOf(alice));
        using var third = connections.TryOpen(alice, doc, out _);
        Assert.NotNull(third);
        Assert.Null(connections.TryOpen(Guid.NewGuid(), doc, out var perDocument));
        Assert.Contains("per document", perDocument);
    }

    [Fact]
    public void Frames_AreUnderAPerUserRate_ThatReconnectingDoesNotRefill()
    {
        var time = new FakeTimeProvider();
        var connections = new LiveConnections(Options.Create(new LiveOptions { OperationsPerMinute = 60, OperationBurst = 2 }), time);
        var user = Guid.NewGuid();

        connections.TryOpen(user, Guid.NewGuid(), out _)!.Dispose();
        Assert.True(connections.TryTakeFrame(user, out _));
        Assert.True(connections.TryTakeFrame(user, out _));
        Assert.False(connections.TryTakeFrame(user, out var retryAfter));
        Assert.Equal(TimeSpan.FromSeconds(1), retryAfter);

        connections.TryOpen(user, Guid.NewGuid(), out _)!.Dispose();
        Assert.False(connections.TryTakeFrame(user, out _));
        Assert.True(connections.TryTakeFrame(Guid.NewGuid(), out _));

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(connections.TryTakeFrame(user, out _));
        Assert.False(connections.TryTakeFrame(user, out _));
    }
}
