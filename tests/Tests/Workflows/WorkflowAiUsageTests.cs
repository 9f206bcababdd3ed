using System.Net;
using System.Text.Json;
using PowerAutomation.Tests.Ai;
using PowerAutomation.Tests.Infrastructure;

namespace PowerAutomation.Tests.Workflows;

/// <summary>An <c>ai.chat</c> step's call is made inside the silo; its usage row goes to the same log as the gateway's.</summary>
[Collection(WorkflowsCollection.Name)]
public sealed class WorkflowAiUsageTests(WorkflowsFixture fixture)
{
    [Fact]
    public async Task AiChatStep_RecordsAUsageRow_ForTheRunsOwner()
    {
        var client = await WorkflowClient.SignUpAsync(fixture.CreateClient());
        var workflowId = await client.CreateWorkflowAsync(new
        {
            name = "ask",
            steps = new object[]
            {
                new { id = "ask", type = "ai.chat", input = new { model = "wf-model", maxTokens = 50, messages = new[] { new { role = "user", content = "hi" } } } },
                new { id = "unknown", type = "ai.chat", input = new { model = "no-such-model", messages = new[] { new { role = "user", content = "hi" } } }, dependsOn = new[] { "ask" } },
            },
        });
        await client.WaitFinishedAsync(await client.StartRunAsync(workflowId, new { }));

        var items = default(JsonElement);
        await Processes.WaitUntilAsync(async () =>
        {
            var response = await client.SendAsync(HttpMethod.Get, "/api/v1/me/ai/usage");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            items = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("items");
            return items.GetArrayLength() > 0;
        }, TimeSpan.FromSeconds(15), "the ai.chat step's usage row");

        // The refused step (no such model) never went upstream and has no row.
        var row = Assert.Single(items.EnumerateArray());
        Assert.Equal("wf-model", row.GetProperty("model").GetString());
        Assert.Equal(fixture.Model.Name, row.GetProperty("provider").GetString());
        Assert.Equal("ok", row.GetProperty("status").GetString());
        Assert.Equal(FakeProvider.InputTokens, row.GetProperty("inputTokens").GetInt64());
        Assert.Equal(FakeProvider.OutputTokens, row.GetProperty("outputTokens").GetInt64());
    }
}
