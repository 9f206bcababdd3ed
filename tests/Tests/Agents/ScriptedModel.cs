using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using PowerAutomation.Tests.Infrastructure;

namespace PowerAutomation.Tests.Agents;

/// <summary>
/// An OpenAI-compatible upstream on a real port whose answers a test scripts: given the request body, a tool call
/// or a text answer (usage 11 in / 7 out each). It records how many chat calls it served.
/// </summary>
public sealed class ScriptedModel : IAsyncDisposable
{
    public const string Model = "agent-model";

    private readonly WebApplication _app;
    private int _calls;

    private ScriptedModel(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    public int Calls => _calls;

    /// <summary>When set, calls are not answered: they signal <see cref="Reached"/> and wait until the gateway gives up on them.</summary>
    public bool Hang { get; set; }

    public TaskCompletionSource Reached { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when a held call was cancelled by the gateway.</summary>
    public TaskCompletionSource Cancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string BaseUrl => $"http://127.0.0.1:{Port}/v1";

    public static async Task<ScriptedModel> StartAsync(Func<JsonObject, JsonObject> answer)
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        ScriptedModel? model = null;
        app.MapGet("/v1/models", () => Results.Json(new { data = Array.Empty<object>() }));
        app.MapPost("/v1/chat/completions", async (HttpContext http) =>
        {
            var body = (await JsonNode.ParseAsync(http.Request.Body))!.AsObject();
            Interlocked.Increment(ref model!._calls);
            if (model.Hang)
            {
                model.Reached.TrySetResult();
                try
                {
                    await Task.Delay(Timeout.Infinite, http.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    model.Cancelled.TrySetResult();
                }

                return Results.Empty;
            }

            return Results.Text(answer(body).ToJsonString(), "application/json");
        });
        model = new ScriptedModel(app, port);
        await app.StartAsync();
        return model;
    }

    /// <summary>How many tool results the conversation sent so far holds.</summary>
    public static int ToolResults(JsonObject request) => (request["messages"] as JsonArray ?? []).Count(m => m?["role"]?.GetValue<string>() == "tool");

    public static JsonObject ToolCall(string name, JsonObject arguments) => Answer(new JsonObject
    {
        ["role"] = "assistant", ["content"] = null,
        ["tool_calls"] = new JsonArray(new JsonObject
        {
            ["id"] = $"call_{Guid.NewGuid():N}", ["type"] = "function",
            ["function"] = new JsonObject { ["name"] = name, ["arguments"] = arguments.ToJsonString() },
        }),
    }, "tool_calls");

    public static JsonObject Text(string text) => Answer(new JsonObject { ["role"] = "assistant", ["content"] = text }, "stop");

    private static JsonObject Answer(JsonObject message, string finish) => new()
    {
        ["id"] = $"chatcmpl-{Guid.NewGuid():N}", ["object"] = "chat.completion", ["created"] = 0, ["model"] = Model,
        ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["message"] = message, ["finish_reason"] = finish }),
        ["usage"] = new JsonObject { ["prompt_tokens"] = 11, ["completion_tokens"] = 7, ["total_tokens"] = 18 },
    };

    /// <summary>The gateway arguments that make this the one provider of <see cref="Model"/>.</summary>
    public string[] GatewayArguments() =>
    [
        "--Ai:Routing:ProbeInterval=00:00:00", "--Ai:Providers:0:Name=scripted", "--Ai:Providers:0:Kind=openai-compatible",
        $"--Ai:Providers:0:BaseUrl={BaseUrl}", "--Ai:Providers:0:ApiKey=upstream-secret", $"--Ai:Providers:0:Models:0={Model}",
    ];

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
