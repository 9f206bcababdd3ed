using PowerAutomation.Grains.Abstractions.Documents;
using PowerAutomation.Grains.Abstractions.Projects;
using PowerAutomation.Tests.Infrastructure;

namespace PowerAutomation.Tests.Documents;

[Collection(ClusterCollection.Name)]
public sealed class DocumentGrainTests(ClusterFixture cluster)
{
    [Fact]
    public async Task ConcurrentSubmissions_OnOneRevision_AreTransformedAndAllAcknowledged()
    {
        var owner = Guid.NewGuid();
        var project = cluster.Cluster.GetGrain<IProjectGrain>(Guid.NewGuid());
        await project.Create("grain test", owner);
        var entry = (await project.CreateDocument(owner, "g.txt", "hello")).Value!;
        var document = cluster.Cluster.GetGrain<IDocumentGrain>(entry.DocumentId);

        var first = await document.Submit(new OperationSubmission(owner, 0, OperationJson.Parse("[5,\" world\"]"), null, null)).WaitAsync(TimeSpan.FromSeconds(5));
        var second = await document.Submit(new OperationSubmission(owner, 0, OperationJson.Parse("[\"Oh, \",5]"), null, null)).WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(1, first.Applied!.Revision);
        Assert.Equal(2, second.Applied!.Revision);
        Assert.Equal("Oh, hello world", (await document.GetContent(owner, null)).Value!.Content);
    }
}
