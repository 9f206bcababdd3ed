using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PowerAutomation.Grains.Abstractions.Workflows;
using PowerAutomation.Grains.Workflows;
using PowerAutomation.Grains.Workflows.Engine;
using PowerAutomation.Grains.Workflows.Steps;

namespace PowerAutomation.Tests.Workflows;

/// <summary>The pure parts: templates, the engine's decisions on a fake clock, and the network policy.</summary>
public sealed class WorkflowEngineTests
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.Parse("2026-03-01T12:00:00Z"));
    private readonly RunEngine _engine = new(EngineHarness.Executors, RunLimits.Default);

    [Fact]
    public void Render_WholeTemplateTakesTheValue_PartialTemplatesBecomeText()
    {
        using var input = JsonDocument.Parse("""{"a":"{{input.user}}","b":"hi {{input.user.name}} #{{input.n}} {{steps.s.output.list.1}}","c":["{{input.n}}",{"d":"{{steps.s.output}}"}]}""");
        var runInput = JsonNode.Parse("""{"user":{"name":"Ada"},"n":3}""");
        var output = JsonNode.Parse("""{"list":["x","y"]}""");

        var rendered = TemplateRenderer.Render(input.RootElement, runInput, _ => output, RunLimits.Default)!;

        Assert.Equal("""{"a":{"name":"Ada"},"b":"hi Ada #3 y","c":[3,{"d":{"list":["x","y"]}}]}""", rendered.ToJsonString());
        Assert.Throws<TemplateException>(() => TemplateRenderer.Render(JsonDocument.Parse("\"{{input.user.age}}\"").RootElement, runInput, _ => null, RunLimits.Default));
    }

    [Fact]
    public void Plan_StartsEveryStepWhoseDependenciesAreRecorded_AndNothingBeforeThat()
    {
        var state = Begin("""
            {"name":"fan","steps":[
              {"id":"a","type":"transform","input":{"value":1}},
              {"id":"b","type":"http.request","input":{"method":"GET","url":"http://h/b"},"dependsOn":["a"]},
              {"id":"c","type":"http.request","input":{"method":"GET","url":"http://h/c"},"dependsOn":["a"]},
              {"id":"d","type":"transform","input":{"value":"{{steps.b.output}}+{{steps.c.output}}"},"dependsOn":["b","c"]}]}
            """, out var first);

        // The first write records the start and a's result; b and c wait for that write.
        Assert.Equal(["run_started", "step_started", "step_succeeded"], first.Select(e => e.Type));
        var second = EngineHarness.Apply(state, _engine.Plan(state, _clock.GetUtcNow()));
        Assert.Equal([("step_started", "b"), ("step_started", "c")], second.Select(e => (e.Type, e.StepId!)));
        Assert.Empty(_engine.Plan(state, _clock.GetUtcNow()));

        EngineHarness.Apply(state, _engine.Complete(state, new StepCompletion("b", 1, "\"B\"", null, false), _clock.GetUtcNow()));
        Assert.Empty(_engine.Plan(state, _clock.GetUtcNow()));
        EngineHarness.Apply(state, _engine.Complete(state, new StepCompletion("c", 1, "\"C\"", null, false), _clock.GetUtcNow()));
        var last = EngineHarness.Apply(state, _engine.Plan(state, _clock.GetUtcNow()));

        Assert.Equal(["step_started", "step_succeeded", "run_succeeded"], last.Select(e => e.Type));
        Assert.Equal("B+C", state.Output!.GetValue<string>());
        Assert.Empty(_engine.Complete(state, new StepCompletion("b", 1, "\"again\"", null, false), _clock.GetUtcNow()));
    }

    [Fact]
    public void FailedAttempts_AreRetriedAfterExponentialBackoff_OnTheClock()
    {
        var state = Begin("""
            {"name":"retry","steps":[{"id":"call","type":"http.request","input":{"method":"GET","url":"http://h/"},
              "retry":{"maxAttempts":4,"initialDelay":"PT2S","backoffFactor":3}}]}
            """, out _);
        var waits = new List<TimeSpan>();
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var failedAt = _clock.GetUtcNow();
            EngineHarness.Apply(state, _engine.Complete(state, new StepCompletion("call", attempt, null, new RunError("http_failed", "503", null), true), failedAt));
            var retryAt = RunEngine.NextWake(state)!.Value;
            waits.Add(retryAt - failedAt);

            _clock.Advance(retryAt - failedAt - TimeSpan.FromMilliseconds(1));
            Assert.Empty(_engine.Plan(state, _clock.GetUtcNow()));
            _clock.Advance(TimeSpan.FromMilliseconds(1));
            var restarted = EngineHarness.Apply(state, _engine.Plan(state, _clock.GetUtcNow()));
            Assert.Equal(("step_started", attempt + 1), (restarted.Single().Type, restarted.Single().Attempt!.Value));
        }

        Assert.Equal([TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(6), TimeSpan.FromSeconds(18)], waits);
        var final = EngineHarness.Apply(state, _engine.Complete(state, new StepCompletion("call", 4, null, new RunError("http_failed", "503", null), true), _clock.GetUtcNow()));
        Assert.Equal(["step_failed", "run_failed"], final.Select(e => e.Type));
        Assert.Equal("failed", state.Status);
    }

    [Fact]
    public void Delay_FinishesWhenTheClockReachesItsDueTime()
    {
        var state = Begin("""{"name":"d","steps":[{"id":"nap","type":"delay","input":{"duration":"PT1M30S"}}]}""", out _);
        Assert.Equal(_clock.GetUtcNow().AddSeconds(90), RunEngine.NextWake(state));
        _clock.Advance(TimeSpan.FromSeconds(89));
        Assert.Empty(_engine.Plan(state, _clock.GetUtcNow()));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(["step_succeeded", "run_succeeded"], EngineHarness.Apply(state, _engine.Plan(state, _clock.GetUtcNow())).Select(e => e.Type));
    }

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("10.1.2.3", true)]
    [InlineData("172.20.0.1", true)]
    [InlineData("192.168.1.1", true)]
    [InlineData("169.254.169.254", true)]
    [InlineData("100.100.0.1", true)]
    [InlineData("0.0.0.0", true)]
    [InlineData("::1", true)]
    [InlineData("fd00::1", true)]
    [InlineData("fe80::1", true)]
    [InlineData("::ffff:10.0.0.1", true)]
    [InlineData("93.184.216.34", false)]
    [InlineData("2606:2800:220:1:248:1893:25c8:1946", false)]
    public void NetworkPolicy_KnowsInternalAddresses(string address, bool isInternal) =>
        Assert.Equal(isInternal, NetworkPolicy.IsInternal(IPAddress.Parse(address)));

    [Fact]
    public void NetworkPolicy_AllowsConfiguredHostsOnly()
    {
        string[] allowed = ["api.example.com", "*.hooks.example.org"];
        Assert.True(NetworkPolicy.IsHostAllowed("API.example.com", allowed));
        Assert.True(NetworkPolicy.IsHostAllowed("a.hooks.example.org", allowed));
        Assert.False(NetworkPolicy.IsHostAllowed("hooks.example.org", allowed));
        Assert.False(NetworkPolicy.IsHostAllowed("evil-api.example.com", allowed));
        Assert.False(NetworkPolicy.IsHostAllowed("api.example.com.evil.net", allowed));
    }

    [Fact]
    public async Task HttpRequest_ToAnAllowedHostOnALoopbackAddress_IsRefusedUnlessPrivateNetworksAreAllowed()
    {
        await using var target = await FakeHttpTarget.StartAsync();
        var options = Options.Create(new WorkflowOptions { Http = new HttpStepOptions { AllowedHosts = ["127.0.0.1", "localhost"] } });
        var step = new HttpRequestStep(WorkflowHttpClient.Create(options.Value.Http), options);
        foreach (var host in new[] { "127.0.0.1", "localhost" })
        {
            var context = new StepContext(Guid.NewGuid(), "call", 1, Guid.NewGuid(),
                JsonNode.Parse($$"""{"method":"GET","url":"http://{{host}}:{{target.Port}}/inside"}"""), "key", _clock.GetUtcNow());
            var outcome = await step.ExecuteAsync(context, CancellationToken.None);
            var failed = Assert.IsType<StepOutcome.Failed>(outcome);
            Assert.Equal(("host_not_allowed", false), (failed.Error.Code, failed.Retryable));
        }

        Assert.Empty(target.Hits);
    }

    private RunState Begin(string definitionJson, out IReadOnlyList<RunEvent> first) =>
        EngineHarness.Begin(_engine, definitionJson, new JsonObject(), _clock.GetUtcNow(), out first);
}
