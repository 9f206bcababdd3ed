using System.Net;
using System.Text.Json.Nodes;

namespace PowerAutomation.Tests.Workflows.ControlFlow;

/// <summary><c>foreach</c>: one inner step per element, a few at a time, results in element order; a failing element fails the step.</summary>
[Collection(WorkflowsCollection.Name)]
public sealed class ForeachTests(WorkflowsFixture fixture)
{
    [Fact]
    public async Task EachElement_CallsTheTarget_WithItsOwnKey_AndTheOutputIsInElementOrder()
    {
        var client = await WorkflowClient.LicensedAsync(fixture);
        var prefix = $"/each-{Guid.NewGuid():N}";
        var workflowId = await client.CreateWorkflowAsync(new
        {
            name = "posts each",
            steps = new object[]
            {
                new
                {
                    id = "each", type = "foreach",
                    input = new
                    {
                        items = "{{input.people}}", concurrency = 2,
                        step = new { type = "http.request", input = new { method = "POST", url = fixture.Target.Url(prefix + "/{{index}}"), body = new { name = "{{item.name}}", position = "{{index}}" } } },
                    },
                },
            },
        });
        var names = new[] { "ada", "grace", "linus", "barbara", "ken" };

        var runId = await client.StartRunAsync(workflowId, new { people = names.Select(n => new { name = n }) });
        var run = await client.WaitFinishedAsync(runId);

        Assert.Equal("succeeded", WorkflowClient.Status(run));
        var output = run["output"]!.AsArray();
        Assert.Equal(names, output.Select(o => JsonNode.Parse(o!["body"]!["received"]!.GetValue<string>())!["name"]!.GetValue<string>()));
        for (var i = 0; i < names.Length; i++)
        {
            var hit = Assert.Single(fixture.Target.HitsOn($"{prefix}/{i}"));
            Assert.Equal($"{runId:N}.each[{i}].1", hit.IdempotencyKey);
            Assert.Equal(i, JsonNode.Parse(hit.Body)!["position"]!.GetValue<int>());
        }
    }

    [Fact]
    public async Task ItemsFromAnEarlierStep_AreTransformed_AndAnEmptyListGivesAnEmptyOutput()
    {
        var client = await WorkflowClient.LicensedAsync(fixture);
        var workflowId = await client.CreateWorkflowAsync(new
        {
            name = "labels",
            steps = new object[]
            {
                new { id = "list", type = "transform", input = new { value = "{{input.words}}" } },
                new
                {
                    id = "label", type = "foreach", dependsOn = new[] { "list" },
                    input = new { items = "{{steps.list.output}}", step = new { type = "transform", input = new { value = "{{item}}-{{index}}" } } },
                },
            },
        });

        var filled = await client.WaitFinishedAsync(await client.StartRunAsync(workflowId, new { words = new[] { "x", "y", "z" } }));
        var empty = await client.WaitFinishedAsync(await client.StartRunAsync(workflowId, new { words = Array.Empty<string>() }));

        Assert.Equal(["x-0", "y-1", "z-2"], filled["output"]!.AsArray().Select(o => o!.GetValue<string>()));
        Assert.Empty(empty["output"]!.AsArray());
    }

    [Fact]
    public async Task AFailingElement_FailsTheStep_NamingIt_AndTooManyElementsAreRefused()
    {
        var client = await WorkflowClient.LicensedAsync(fixture);
        var prefix = $"/each-fail-{Guid.NewGuid():N}";
        fixture.Target.FailNext($"{prefix}/2", 1);
        var workflowId = await client.CreateWorkflowAsync(new
        {
            name = "one breaks",
            steps = new object[]
            {
                new
                {
                    id = "each", type = "foreach",
                    input = new { items = "{{input.items}}", concurrency = 1, step = new { type = "http.request", input = new { method = "GET", url = fixture.Target.Url(prefix + "/{{index}}") } } },
                },
            },
        });

        var failed = await client.WaitFinishedAsync(await client.StartRunAsync(workflowId, new { items = new[] { 1, 2, 3, 4 } }));
        var huge = await client.WaitFinishedAsync(await client.StartRunAsync(workflowId, new { items = Enumerable.Range(0, 101) }));

        Assert.Equal("failed", WorkflowClient.Status(failed));
        Assert.Equal("http_failed", failed["error"]!["code"]!.GetValue<string>());
        Assert.StartsWith("Element 2:", failed["error"]!["message"]!.GetValue<string>());
        Assert.Empty(fixture.Target.HitsOn($"{prefix}/3")); // One at a time: the element after the failure never ran.
        Assert.Equal("foreach_too_many_items", huge["error"]!["code"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("{\"name\":\"x\",\"steps\":[{\"id\":\"a\",\"type\":\"transform\",\"input\":{\"value\":\"{{item}}\"}}]}")]
    [InlineData("{\"name\":\"x\",\"steps\":[{\"id\":\"a\",\"type\":\"foreach\",\"input\":{\"items\":[1],\"step\":{\"type\":\"delay\",\"input\":{\"duration\":\"PT1S\"}}}}]}")]
    [InlineData("{\"name\":\"x\",\"steps\":[{\"id\":\"a\",\"type\":\"foreach\",\"input\":{\"items\":\"{{item}}\",\"step\":{\"type\":\"transform\",\"input\":{\"value\":1}}}}]}")]
    [InlineData("{\"name\":\"x\",\"steps\":[{\"id\":\"a\",\"type\":\"foreach\",\"input\":{\"items\":[1],\"concurrency\":99,\"step\":{\"type\":\"transform\",\"input\":{\"value\":1}}}}]}")]
    [InlineData("{\"name\":\"x\",\"steps\":[{\"id\":\"a\",\"type\":\"foreach\",\"input\":{\"items\":[1],\"step\":{\"type\":\"http.request\",\"input\":{\"method\":\"FETCH\",\"url\":\"{{item}}\"}}}}]}")]
    public async Task MisusedForeachDefinitions_AreRefusedOnSave(string definition)
    {
        var client = await WorkflowClient.SignUpAsync(fixture.CreateClient());

        using var request = PowerAutomation.Tests.Infrastructure.ApiClient.Authorized(HttpMethod.Post, "/api/v1/workflows", client.Token);
        request.Content = PowerAutomation.Tests.Infrastructure.ApiClient.RawJson(definition);
        var response = await client.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("invalid_workflow", await response.Content.ReadAsStringAsync());
    }
}
