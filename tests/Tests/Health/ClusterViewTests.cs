using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PowerAutomation.Gateway.Health;
using PowerAutomation.Tests.Infrastructure;

namespace PowerAutomation.Tests.Health;

/// <summary><c>GET /api/v1/admin/cluster</c> against the collection's real silo.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterViewTests(ClusterFixture cluster)
{
    private readonly HttpClient _http = cluster.CreateClient();

    [Fact]
    public async Task Cluster_Admin_SeesTheActiveSiloAndItsActivations()
    {
        var admin = await cluster.AdminTokenAsync();
        await _http.RegisterAndLoginAsync(); // At least one user grain is active now.

        var response = await _http.SendAuthorizedAsync(HttpMethod.Get, "/api/v1/admin/cluster", admin);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var view = await response.Content.ReadFromJsonAsync<JsonElement>();
        var silo = view.GetProperty("silos").EnumerateArray().First();
        Assert.Equal("active", silo.GetProperty("status").GetString());
        Assert.False(string.IsNullOrEmpty(silo.GetProperty("address").GetString()));
        Assert.False(string.IsNullOrEmpty(silo.GetProperty("name").GetString()));
        Assert.True(silo.GetProperty("startedAt").GetDateTimeOffset() <= DateTimeOffset.UtcNow);
        Assert.True(silo.GetProperty("activations").GetInt32() > 0);

        var types = view.GetProperty("grainTypes").EnumerateArray().ToList();
        Assert.Contains(types, t => t.GetProperty("type").GetString()!.Contains("user", StringComparison.OrdinalIgnoreCase) && t.GetProperty("activations").GetInt32() > 0);
        Assert.Equal(types.Select(t => t.GetProperty("activations").GetInt32()).OrderDescending(), types.Select(t => t.GetProperty("activations").GetInt32()));
        Assert.Equal(0, view.GetProperty("omittedGrainTypes").GetInt32());
        Assert.Equal(types.Sum(t => (long)t.GetProperty("activations").GetInt32()), view.GetProperty("totalActivations").GetInt64());
        Assert.Equal(view.GetProperty("silos").EnumerateArray().Sum(s => (long)s.GetProperty("activations").GetInt32()), view.GetProperty("totalActivations").GetInt64());
    }

    [Fact]
    public async Task Cluster_NonAdmin_Is403_AndAnonymous401()
    {
        var (_, member) = await _http.RegisterAndLoginAsync();
        await (await _http.SendAuthorizedAsync(HttpMethod.Get, "/api/v1/admin/cluster", member.AccessToken)).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await _http.GetAsync("/api/v1/admin/cluster")).AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
    }
}

/// <summary>The bounded shape of the cluster view, from made-up management answers.</summary>
public sealed class ClusterViewShapeTests
{
    [Fact]
    public void Build_ActiveSilosFirst_TypesByActivations_ListsBounded_TotalCountsEverything()
    {
        var started = DateTimeOffset.Parse("2030-01-01T00:00:00Z");
        var silos = Enumerable.Range(0, ClusterView.MaxSilos + 5)
            .Select(i => ($"10.0.0.{i}:11111@1", $"silo-{i}", i % 2 == 0 ? "dead" : "active", (DateTimeOffset?)started.AddMinutes(i)))
            .ToList();
        var activations = Enumerable.Range(0, ClusterView.MaxGrainTypes + 3)
            .SelectMany(t => new[] { ("10.0.0.1:11111@1", $"type-{t:000}", t + 1), ("10.0.0.3:11111@1", $"type-{t:000}", 1) })
            .ToList();

        var view = ClusterView.Build(silos, activations);

        Assert.Equal(ClusterView.MaxSilos, view.Silos.Count);
        Assert.Equal(5, view.OmittedSilos);
        Assert.All(view.Silos.Take(52), s => Assert.Equal("active", s.Status));
        Assert.Equal("10.0.0.103:11111@1", view.Silos[0].Address); // The latest-started active silo.
        Assert.Equal(ClusterView.MaxGrainTypes, view.GrainTypes.Count);
        Assert.Equal(3, view.OmittedGrainTypes);
        Assert.Equal(($"type-{ClusterView.MaxGrainTypes + 2:000}", ClusterView.MaxGrainTypes + 4), (view.GrainTypes[0].Type, view.GrainTypes[0].Activations));
        Assert.Equal(activations.Sum(a => (long)a.Item3), view.TotalActivations);
        Assert.Equal(activations.Where(a => a.Item1 == "10.0.0.1:11111@1").Sum(a => a.Item3),
            view.Silos.Single(s => s.Address == "10.0.0.1:11111@1").Activations);
        Assert.Equal(0, view.Silos.Single(s => s.Address == "10.0.0.5:11111@1").Activations);
    }
}
