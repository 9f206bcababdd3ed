using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using PowerAutomation.Ai.Protocols;
using PowerAutomation.Tests.Infrastructure;

namespace PowerAutomation.Tests.Ai;

public enum FakeBehavior
{
    Answer,
    ServerError,
    RateLimited,
    Slow,
    BadRequest,
}

/// <summary>
/// A fake upstream speaking one vendor's real wire format (JSON answers, SSE streams, error bodies) on a real
/// Kestrel port. It answers "Hello from {name}" in words, with usage 11 in / 7 out, or a tool call when the
/// request offers tools; its behaviour can be switched and it can be stopped, so connections are refused.
/// </summary>
public sealed class FakeProvider : IAsyncDisposable
{
    public const long InputTokens = 11;
    public const long OutputTokens = 7;

    /// <summary>What an Anthropic fake's count_tokens answers, so a test can tell an exact count from an estimate.</summary>
    public const long CountedTokens = 4242;

    private WebApplication? _app;

    private FakeProvider(string name, AiProtocol protocol)
    {
        Name = name;
        Protocol = protocol;
    }

    public string Name { get; }

    public AiProtocol Protocol { get; }

    public int Port { get; private set; }

    public FakeBehavior Behavior { get; set; } = FakeBehavior.Answer;

    /// <summary>How long <see cref="FakeBehavior.Slow"/> waits before answering.</summary>
    public TimeSpan Delay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Sent as <c>Retry-After</c> (seconds) with <see cref="FakeBehavior.RateLimited"/> and <see cref="FakeBehavior.ServerError"/> answers.</summary>
    public int? RetryAfterSeconds { get; set; }

    /// <summary>Every <c>anthropic-beta</c> header calls carried, in order.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> AnthropicBetas { get; } = new();

    /// <summary>The request headers of the last call (probes not counted).</summary>
    public Dictionary<string, string> LastHeaders { get; private set; } = [];

    /// <summary>The path of the last call.</summary>
    public string? LastPath { get; private set; }

    /// <summary>Pause between stream events.</summary>
    public TimeSpan EventGap { get; set; } = TimeSpan.Zero;

    /// <summary>When set, a stream pauses after the event carrying its first word until this completes (or the caller leaves).</summary>
    public TaskCompletionSource? Hold { get; set; }

    /// <summary>Completes when a held stream has sent its first word.</summary>
    public TaskCompletionSource FirstWordSent { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Chat calls received (probes not counted).</summary>
    public int Calls => _calls;

    public int CancelledStreams => _cancelledStreams;

    public JsonObject? LastBody { get; private set; }

    /// <summary>Every stream event written by the last streamed answer, exactly as sent.</summary>
    public List<string> LastStreamEvents { get; } = [];

    private int _calls;
    private int _cancelledStreams;

    /// <summary>The base URL as configured in <c>Ai:Providers</c> (OpenAI style includes /v1).</summary>
    public string BaseUrl => Protocol == AiProtocol.OpenAi ? $"http://127.0.0.1:{Port}/v1" : $"http://127.0.0.1:{Port}";

    /// <summary>The provider kind configured for it: its protocol's, unless a test sets another (<c>openai</c>, say).</summary>
    public string Kind
    {
        get => _kind ?? Protocol switch { AiProtocol.Anthropic => "anthropic", AiProtocol.Gemini => "gemini", _ => "openai-compatible" };
        set => _kind = value;
    }

    private string? _kind;

    public static async Task<FakeProvider> StartAsync(string name, AiProtocol protocol, int? port = null)
    {
        var fake = new FakeProvider(name, protocol) { Port = port ?? FreePort.Next() };
        await fake.StartAsync();
        return fake;
    }

    /// <summary>Starts (again) on the same port.</summary>
    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{Port}");
        _app = builder.Build();
        _app.MapGet("/v1/models", () => Results.Json(new { data = Array.Empty<object>() }));
        _app.MapGet("/v1beta/models", () => Results.Json(new { models = Array.Empty<object>() }));
        _app.MapPost("/v1/chat/completions", HandleAsync);
        _app.MapPost("/v1/messages", HandleAsync);
        _app.MapPost("/v1/completions", HandleAsync);
        _app.MapPost("/v1/responses", HandleAsync);
        _app.MapPost("/v1/messages/count_tokens", CountTokensAsync);
        _app.MapPost("/v1beta/models/{**rest}", HandleAsync);
        await _app.StartAsync();
    }

    /// <summary>Stops listening: new connections are refused, as when a provider's host dies.</summary>
    public async Task StopAsync()
    {
        if (_app is not null)
        {
            using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await _app.StopAsync(stopping.Token);
            await _app.DisposeAsync();
            _app = null;
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task CountTokensAsync(HttpContext http)
    {
        await RememberAsync(http);
        if (Behavior != FakeBehavior.Answer)
        {
            await ErrorAsync(http, 500, "api_error", "The fake provider is broken.");
            return;
        }

        await http.Response.WriteAsJsonAsync(new { input_tokens = CountedTokens });
    }

    private async Task<JsonObject> RememberAsync(HttpContext http)
    {
        Interlocked.Increment(ref _calls);
        LastHeaders = http.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString());
        if (LastHeaders.TryGetValue("anthropic-beta", out var beta))
        {
            AnthropicBetas.Enqueue(beta);
        }

        LastPath = http.Request.Path.Value;
        var body = (await JsonNode.ParseAsync(http.Request.Body))!.AsObject();
        LastBody = body;
        return body;
    }

    private async Task HandleAsync(HttpContext http)
    {
        var body = await RememberAsync(http);
        var completions = http.Request.Path.Value == "/v1/completions";
        var responses = http.Request.Path.Value == "/v1/responses";
        switch (Behavior)
        {
            case FakeBehavior.ServerError:
                await ErrorAsync(http, 500, "api_error", "The fake provider is broken.");
                return;
            case FakeBehavior.RateLimited:
                await ErrorAsync(http, 429, "rate_limit_error", "Slow down.");
                return;
            case FakeBehavior.BadRequest:
                await ErrorAsync(http, 400, "invalid_request_error", "The fake provider does not like this request.");
                return;
            case FakeBehavior.Slow:
                await Task.Delay(Delay, http.RequestAborted);
                break;
        }

        var stream = Protocol == AiProtocol.Gemini ? http.Request.Path.Value!.Contains(":streamGenerateContent") : body["stream"]?.GetValue<bool>() == true;
        var tool = (body["tools"] as JsonArray)?.Count > 0;
        var words = $"Hello from {Name}".Split(' ').Select((w, i) => i == 0 ? w : " " + w).ToList();
        if (!stream)
        {
            http.Response.ContentType = "application/json";
            var answer = completions ? CompletionAnswer(string.Concat(words))
                : responses ? ResponsesAnswer(tool, string.Concat(words)) : Answer(tool, string.Concat(words));
            if (body["model"] is JsonValue model && answer.ContainsKey("model"))
            {
                answer["model"] = model.GetValue<string>(); // As real providers do: the answer names the model asked of them.
            }

            await http.Response.WriteAsync(answer.ToJsonString());
            return;
        }

        http.Response.ContentType = "text/event-stream";
        LastStreamEvents.Clear();
        try
        {
            foreach (var sse in completions ? CompletionEvents(words) : responses ? ResponsesEvents(words) : StreamEvents(tool, words))
            {
                var wire = sse.ToWire();
                LastStreamEvents.Add(wire);
                await http.Response.WriteAsync(wire, http.RequestAborted);
                await http.Response.Body.FlushAsync(http.RequestAborted);
                if (Hold is { } hold && wire.Contains("Hello", StringComparison.Ordinal))
                {
                    FirstWordSent.TrySetResult();
                    await hold.Task.WaitAsync(http.RequestAborted);
                }

                if (EventGap > TimeSpan.Zero)
                {
                    await Task.Delay(EventGap, http.RequestAborted);
                }
            }
        }
        catch (OperationCanceledException)
        {
            Interlocked.Increment(ref _cancelledStreams);
        }
    }

    private async Task ErrorAsync(HttpContext http, int status, string type, string message)
    {
        http.Response.StatusCode = status;
        if (RetryAfterSeconds is { } retryAfter && status >= 429)
        {
            http.Response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        http.Response.ContentType = "application/json";
        JsonObject error = Protocol switch
        {
            AiProtocol.Anthropic => new JsonObject { ["type"] = "error", ["error"] = new JsonObject { ["type"] = type, ["message"] = message } },
            AiProtocol.Gemini => new JsonObject { ["error"] = new JsonObject { ["code"] = status, ["message"] = message, ["status"] = "INTERNAL" } },
            _ => new JsonObject { ["error"] = new JsonObject { ["message"] = message, ["type"] = type, ["code"] = null } },
        };
        await http.Response.WriteAsync(error.ToJsonString());
    }

    private JsonObject Answer(bool tool, string text) => Protocol switch
    {
        AiProtocol.Anthropic => new JsonObject
        {
            ["id"] = "msg_fake1", ["type"] = "message", ["role"] = "assistant", ["model"] = "fake",
            ["content"] = tool
                ? new JsonArray(new JsonObject { ["type"] = "tool_use", ["id"] = "toolu_1", ["name"] = "get_weather", ["input"] = new JsonObject { ["city"] = "Paris" } })
                : new JsonArray(new JsonObject { ["type"] = "text", ["text"] = text }),
            ["stop_reason"] = tool ? "tool_use" : "end_turn", ["stop_sequence"] = null,
            ["usage"] = new JsonObject { ["input_tokens"] = InputTokens, ["output_tokens"] = OutputTokens },
        },
        AiProtocol.Gemini => new JsonObject
        {
            ["candidates"] = new JsonArray(new JsonObject
            {
                ["content"] = new JsonObject
                {
                    ["role"] = "model",
                    ["parts"] = tool
                        ? new JsonArray(new JsonObject { ["functionCall"] = new JsonObject { ["name"] = "get_weather", ["args"] = new JsonObject { ["city"] = "Paris" } } })
                        : new JsonArray(new JsonObject { ["text"] = text }),
                },
                ["finishReason"] = "STOP",
            }),
            ["usageMetadata"] = new JsonObject { ["promptTokenCount"] = InputTokens, ["candidatesTokenCount"] = OutputTokens, ["totalTokenCount"] = InputTokens + OutputTokens },
            ["modelVersion"] = "fake",
        },
        _ => new JsonObject
        {
            ["id"] = "chatcmpl-fake1", ["object"] = "chat.completion", ["created"] = 1, ["model"] = "fake",
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["message"] = tool
                    ? new JsonObject
                    {
                        ["role"] = "assistant", ["content"] = null,
                        ["tool_calls"] = new JsonArray(new JsonObject
                        {
                            ["id"] = "call_1", ["type"] = "function",
                            ["function"] = new JsonObject { ["name"] = "get_weather", ["arguments"] = "{\"city\":\"Paris\"}" },
                        }),
                    }
                    : new JsonObject { ["role"] = "assistant", ["content"] = text },
                ["finish_reason"] = tool ? "tool_calls" : "stop",
            }),
            ["usage"] = new JsonObject { ["prompt_tokens"] = InputTokens, ["completion_tokens"] = OutputTokens, ["total_tokens"] = InputTokens + OutputTokens },
        },
    };

    private IEnumerable<SseEvent> StreamEvents(bool tool, List<string> words)
    {
        switch (Protocol)
        {
            case AiProtocol.Anthropic:
                yield return Event("message_start", new JsonObject
                {
                    ["type"] = "message_start",
                    ["message"] = new JsonObject
                    {
                        ["id"] = "msg_fake1", ["type"] = "message", ["role"] = "assistant", ["model"] = "fake", ["content"] = new JsonArray(),
                        ["stop_reason"] = null, ["stop_sequence"] = null, ["usage"] = new JsonObject { ["input_tokens"] = InputTokens, ["output_tokens"] = 1 },
                    },
                });
                yield return Event("ping", new JsonObject { ["type"] = "ping" });
                if (tool)
                {
                    yield return Event("content_block_start", new JsonObject
                    {
                        ["type"] = "content_block_start", ["index"] = 0,
                        ["content_block"] = new JsonObject { ["type"] = "tool_use", ["id"] = "toolu_1", ["name"] = "get_weather", ["input"] = new JsonObject() },
                    });
                    foreach (var part in new[] { "{\"city\":", "\"Paris\"}" })
                    {
                        yield return Event("content_block_delta", new JsonObject
                        {
                            ["type"] = "content_block_delta", ["index"] = 0, ["delta"] = new JsonObject { ["type"] = "input_json_delta", ["partial_json"] = part },
                        });
                    }
                }
                else
                {
                    yield return Event("content_block_start", new JsonObject
                    {
                        ["type"] = "content_block_start", ["index"] = 0, ["content_block"] = new JsonObject { ["type"] = "text", ["text"] = "" },
                    });
                    foreach (var word in words)
                    {
                        yield return Event("content_block_delta", new JsonObject
                        {
                            ["type"] = "content_block_delta", ["index"] = 0, ["delta"] = new JsonObject { ["type"] = "text_delta", ["text"] = word },
                        });
                    }
                }

                yield return Event("content_block_stop", new JsonObject { ["type"] = "content_block_stop", ["index"] = 0 });
                yield return Event("message_delta", new JsonObject
                {
                    ["type"] = "message_delta", ["delta"] = new JsonObject { ["stop_reason"] = tool ? "tool_use" : "end_turn", ["stop_sequence"] = null },
                    ["usage"] = new JsonObject { ["output_tokens"] = OutputTokens },
                });
                yield return Event("message_stop", new JsonObject { ["type"] = "message_stop" });
                break;
            case AiProtocol.Gemini:
                for (var i = 0; i < words.Count; i++)
                {
                    var chunk = new JsonObject
                    {
                        ["candidates"] = new JsonArray(new JsonObject
                        {
                            ["content"] = new JsonObject { ["role"] = "model", ["parts"] = new JsonArray(new JsonObject { ["text"] = words[i] }) },
                        }),
                        ["modelVersion"] = "fake",
                    };
                    if (i == words.Count - 1)
                    {
                        ((JsonObject)chunk["candidates"]![0]!)["finishReason"] = "STOP";
                        chunk["usageMetadata"] = new JsonObject { ["promptTokenCount"] = InputTokens, ["candidatesTokenCount"] = OutputTokens };
                    }

                    yield return new SseEvent(null, chunk.ToJsonString());
                }

                break;
            default:
                JsonObject Chunk(JsonObject delta, string? finish) => new()
                {
                    ["id"] = "chatcmpl-fake1", ["object"] = "chat.completion.chunk", ["created"] = 1, ["model"] = "fake",
                    ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["finish_reason"] = finish }),
                };
                yield return new SseEvent(null, Chunk(new JsonObject { ["role"] = "assistant", ["content"] = "" }, null).ToJsonString());
                if (tool)
                {
                    yield return new SseEvent(null, Chunk(new JsonObject
                    {
                        ["tool_calls"] = new JsonArray(new JsonObject
                        {
                            ["index"] = 0, ["id"] = "call_1", ["type"] = "function", ["function"] = new JsonObject { ["name"] = "get_weather", ["arguments"] = "" },
                        }),
                    }, null).ToJsonString());
                    yield return new SseEvent(null, Chunk(new JsonObject
                    {
                        ["tool_calls"] = new JsonArray(new JsonObject { ["index"] = 0, ["function"] = new JsonObject { ["arguments"] = "{\"city\":\"Paris\"}" } }),
                    }, null).ToJsonString());
                }
                else
                {
                    foreach (var word in words)
                    {
                        yield return new SseEvent(null, Chunk(new JsonObject { ["content"] = word }, null).ToJsonString());
                    }
                }

                yield return new SseEvent(null, Chunk(new JsonObject(), tool ? "tool_calls" : "stop").ToJsonString());
                yield return new SseEvent(null, new JsonObject
                {
                    ["id"] = "chatcmpl-fake1", ["object"] = "chat.completion.chunk", ["created"] = 1, ["model"] = "fake", ["choices"] = new JsonArray(),
                    ["usage"] = new JsonObject { ["prompt_tokens"] = InputTokens, ["completion_tokens"] = OutputTokens, ["total_tokens"] = InputTokens + OutputTokens },
                }.ToJsonString());
                yield return new SseEvent(null, "[DONE]");
                break;
        }
    }

    private static SseEvent Event(string name, JsonObject data) => new(name, data.ToJsonString());

    // Legacy completions, as OpenAI-compatible servers (vLLM, Ollama) answer them.
    private static JsonObject CompletionAnswer(string text) => new()
    {
        ["id"] = "cmpl-fake1", ["object"] = "text_completion", ["created"] = 1, ["model"] = "fake",
        ["choices"] = new JsonArray(new JsonObject { ["text"] = text, ["index"] = 0, ["logprobs"] = null, ["finish_reason"] = "stop" }),
        ["usage"] = new JsonObject { ["prompt_tokens"] = InputTokens, ["completion_tokens"] = OutputTokens, ["total_tokens"] = InputTokens + OutputTokens },
    };

    private static IEnumerable<SseEvent> CompletionEvents(List<string> words)
    {
        JsonObject Chunk(string text, string? finish) => new()
        {
            ["id"] = "cmpl-fake1", ["object"] = "text_completion", ["created"] = 1, ["model"] = "fake",
            ["choices"] = new JsonArray(new JsonObject { ["text"] = text, ["index"] = 0, ["logprobs"] = null, ["finish_reason"] = finish }),
        };
        foreach (var word in words)
        {
            yield return new SseEvent(null, Chunk(word, null).ToJsonString());
        }

        yield return new SseEvent(null, Chunk("", "stop").ToJsonString());
        yield return new SseEvent(null, new JsonObject
        {
            ["id"] = "cmpl-fake1", ["object"] = "text_completion", ["created"] = 1, ["model"] = "fake", ["choices"] = new JsonArray(),
            ["usage"] = new JsonObject { ["prompt_tokens"] = InputTokens, ["completion_tokens"] = OutputTokens, ["total_tokens"] = InputTokens + OutputTokens },
        }.ToJsonString());
        yield return new SseEvent(null, "[DONE]");
    }

    // OpenAI's Responses API, as an openai-kind provider answers it: the text as one message item, or a function call.
    private static JsonObject ResponsesAnswer(bool tool, string text) => new()
    {
        ["id"] = "resp_fake1", ["object"] = "response", ["created_at"] = 1, ["status"] = "completed", ["model"] = "fake",
        ["output"] = tool
            ? new JsonArray(new JsonObject
            {
                ["type"] = "function_call", ["id"] = "fc_fake1", ["call_id"] = "call_1", ["name"] = "get_weather", ["arguments"] = "{\"city\":\"Paris\"}", ["status"] = "completed",
            })
            : new JsonArray(new JsonObject
            {
                ["type"] = "message", ["id"] = "msg_fake1", ["status"] = "completed", ["role"] = "assistant",
                ["content"] = new JsonArray(new JsonObject { ["type"] = "output_text", ["text"] = text, ["annotations"] = new JsonArray() }),
            }),
        ["usage"] = ResponsesUsage(),
    };

    private static IEnumerable<SseEvent> ResponsesEvents(List<string> words)
    {
        var sequence = 0;
        SseEvent Next(string type, JsonObject data)
        {
            data.Insert(0, "type", type);
            data["sequence_number"] = sequence++;
            return Event(type, data);
        }

        JsonObject Response(string status, JsonArray output, JsonObject? usage) => new()
        {
            ["id"] = "resp_fake1", ["object"] = "response", ["created_at"] = 1, ["status"] = status, ["model"] = "fake", ["output"] = output, ["usage"] = usage,
        };
        JsonObject Part(string text) => new() { ["type"] = "output_text", ["text"] = text, ["annotations"] = new JsonArray() };
        JsonObject Message(string status, JsonArray content) => new()
        {
            ["type"] = "message", ["id"] = "msg_fake1", ["status"] = status, ["role"] = "assistant", ["content"] = content,
        };

        var text = string.Concat(words);
        yield return Next("response.created", new JsonObject { ["response"] = Response("in_progress", [], null) });
        yield return Next("response.output_item.added", new JsonObject { ["output_index"] = 0, ["item"] = Message("in_progress", []) });
        yield return Next("response.content_part.added", new JsonObject { ["item_id"] = "msg_fake1", ["output_index"] = 0, ["content_index"] = 0, ["part"] = Part("") });
        foreach (var word in words)
        {
            yield return Next("response.output_text.delta", new JsonObject { ["item_id"] = "msg_fake1", ["output_index"] = 0, ["content_index"] = 0, ["delta"] = word });
        }

        yield return Next("response.output_text.done", new JsonObject { ["item_id"] = "msg_fake1", ["output_index"] = 0, ["content_index"] = 0, ["text"] = text });
        yield return Next("response.content_part.done", new JsonObject { ["item_id"] = "msg_fake1", ["output_index"] = 0, ["content_index"] = 0, ["part"] = Part(text) });
        yield return Next("response.output_item.done", new JsonObject { ["output_index"] = 0, ["item"] = Message("completed", [Part(text)]) });
        yield return Next("response.completed", new JsonObject { ["response"] = Response("completed", [Message("completed", [Part(text)])], ResponsesUsage()) });
    }

    private static JsonObject ResponsesUsage() => new()
    {
        ["input_tokens"] = InputTokens, ["input_tokens_details"] = new JsonObject { ["cached_tokens"] = 0 },
        ["output_tokens"] = OutputTokens, ["output_tokens_details"] = new JsonObject { ["reasoning_tokens"] = 0 }, ["total_tokens"] = InputTokens + OutputTokens,
    };
}
