using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using PowerAutomation.Grains.Abstractions.Documents;
using PowerAutomation.Tests.Infrastructure;

namespace PowerAutomation.Tests.Documents;

/// <summary>Operations cross grain calls intact: Orleans' serializer keeps every component and both lengths.</summary>
[Collection(ClusterCollection.Name)]
public sealed class OperationSerializationTests(ClusterFixture cluster)
{
    [Fact]
    public void TextOperation_RoundTripsThroughTheOrleansSerializer()
    {
        var serializer = cluster.Gateway.Services.GetRequiredService<Serializer>();
        var operation = OperationJson.Parse("[5,\"Oh, \",-2,3]");

        var copy = serializer.Deserialize<TextOperation>(serializer.SerializeToArray(operation))!;

        Assert.Equal(OperationJson.Write(operation), OperationJson.Write(copy));
        Assert.Equal((operation.BaseLength, operation.TargetLength), (copy.BaseLength, copy.TargetLength));
        Assert.Equal(operation, copy);
    }

    [Fact]
    public async Task BuiltOperation_SurvivesSiloSerializerAndCopier()
    {
        var built = OperationJson.Parse("[\"Oh, \",11]");
        var silo = cluster.Silo.Services;
        var serializer = silo.GetRequiredService<Serializer>();
        var viaSerializer = await Task.Run(() => serializer.Deserialize<SubmissionResult>(serializer.SerializeToArray(
            new SubmissionResult(new AppliedOperation(2, built, Guid.NewGuid(), null, null, DateTimeOffset.UtcNow), null, null)))).WaitAsync(TimeSpan.FromSeconds(3));
        Assert.Equal(built, viaSerializer!.Applied!.Operation);
        var copier = silo.GetRequiredService<DeepCopier>();
        var copy = await Task.Run(() => copier.Copy(built)).WaitAsync(TimeSpan.FromSeconds(3));
        Assert.Equal(built, copy);
    }

    [Fact]
    public async Task DeserialisedOperations_Transform()
    {
        var serializer = cluster.Gateway.Services.GetRequiredService<Serializer>();
        var first = serializer.Deserialize<TextOperation>(serializer.SerializeToArray(OperationJson.Parse("[5,\" world\"]")))!;
        var second = serializer.Deserialize<TextOperation>(serializer.SerializeToArray(OperationJson.Parse("[\"Oh, \",5]")))!;

        var transformed = await Task.Run(() => TextOperation.Transform(second, first).APrime).WaitAsync(TimeSpan.FromSeconds(3));
        Assert.Equal("[\"Oh, \",11]", OperationJson.Write(transformed));
        var roundTrip = await Task.Run(() => serializer.Deserialize<TextOperation>(serializer.SerializeToArray(transformed))!).WaitAsync(TimeSpan.FromSeconds(3));
        Assert.Equal(transformed, roundTrip);
        var applied = new AppliedOperation(2, transformed, Guid.NewGuid(), null, null, DateTimeOffset.UtcNow);
        var result = await Task.Run(() => serializer.Deserialize<SubmissionResult>(serializer.SerializeToArray(new SubmissionResult(applied, null, null)))!).WaitAsync(TimeSpan.FromSeconds(3));
        Assert.Equal(transformed, result.Applied!.Operation);
    }
}
