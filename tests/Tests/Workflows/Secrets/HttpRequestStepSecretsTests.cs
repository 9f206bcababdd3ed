using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using PowerAutomation.Grains.Abstractions.Workflows.Secrets;
using PowerAutomation.Grains.Workflows;
using PowerAutomation.Grains.Workflows.Secrets;
using PowerAutomation.Grains.Workflows.Steps;

namespace PowerAutomation.Tests.Workflows.Secrets;

/// <summary>The http step's side of secrets, without a cluster: what it sends, and what it lets be recorded.</summary>
public sealed class HttpRequestStepSecretsTests
{
    private const string Value = "s3cret-Value";

    private static readonly IOptions<WorkflowOptions> Options = Microsoft.Extensions.Options.Options.Create(
        new WorkflowOptions { Http = new HttpStepOptions { AllowedHosts = ["api.example.com"] } });

    [Fact]
    public async Task Execute_FillsInTheValue_AndMasksItInTheOutput()
    {
        HttpRequestMessage? sent = null;
        string? sentBody = null;
        var step = Step(async request =>
        {
            sent = request;
            sentBody = await request.Content!.ReadAsStringAsync();
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent($"you sent {Value}") };
            response.Headers.TryAddWithoutValidation("X-Echo", Value);
            return response;
        });

        var outcome = await step.ExecuteAsync(Context("""{"headers":{"Authorization":"Bearer {{secrets.token}}"},"body":{"k":"{{secrets.token}}"}}"""), CancellationToken.None);

        var done = Assert.IsType<StepOutcome.Completed>(outcome);
        Assert.Equal($"Bearer {Value}", sent!.Headers.Authorization!.ToString());
        Assert.Equal($$"""{"k":"{{Value}}"}""", sentBody);
        Assert.DoesNotContain(Value, done.Output!.ToJsonString());
        Assert.Equal("you sent ***", done.Output!["body"]!.GetValue<string>());
    }

    [Fact]
    public async Task Execute_AnErrorQuotingTheValue_IsMasked()
    {
        var step = Step(request => throw new HttpRequestException($"bad header {request.Headers.Authorization}"));

        var outcome = await step.ExecuteAsync(Context("""{"headers":{"Authorization":"Bearer {{secrets.token}}"}}"""), CancellationToken.None);

        var failed = Assert.IsType<StepOutcome.Failed>(outcome);
        Assert.DoesNotContain(Value, failed.Error.Message);
        Assert.Contains("Bearer ***", failed.Error.Message);
    }

    [Fact]
    public async Task Execute_AMissingSecret_FailsWithoutSending()
    {
        var sent = false;
        var step = Step(_ =>
        {
            sent = true;
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK));
        });

        var outcome = await step.ExecuteAsync(Context("""{"body":"{{secrets.absent}}"}"""), CancellationToken.None);

        var failed = Assert.IsType<StepOutcome.Failed>(outcome);
        Assert.Equal((SecretErrors.SecretNotFound, false), (failed.Error.Code, failed.Retryable));
        Assert.False(sent);
    }

    private static HttpRequestStep Step(Func<HttpRequestMessage, Task<HttpResponseMessage>> answer) =>
        new(new HttpClient(new Handler(answer)), Options, new Source(new Dictionary<string, string> { ["token"] = Value }));

    private static StepContext Context(string extra)
    {
        var input = JsonNode.Parse(extra)!.AsObject();
        input["method"] = "POST";
        input["url"] = "https://api.example.com/call";
        return new StepContext(Guid.NewGuid(), "call", 1, Guid.NewGuid(), input, "key", DateTimeOffset.UtcNow);
    }

    private sealed class Handler(Func<HttpRequestMessage, Task<HttpResponseMessage>> answer) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) => answer(request);
    }

    private sealed class Source(IReadOnlyDictionary<string, string> secrets) : ISecretSource
    {
        public Task<RevealedSecrets> RevealAsync(Guid ownerId, IReadOnlyList<string> names) =>
            Task.FromResult(new RevealedSecrets(
                names.Where(secrets.ContainsKey).ToDictionary(n => n, n => secrets[n]),
                names.Where(n => !secrets.ContainsKey(n)).ToList(),
                []));
    }
}
