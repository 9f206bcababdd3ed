using System.Text;

namespace PowerAutomation.Ai.Chat;

/// <summary>
/// What a chat call may cost before it runs, so that its <c>ai_tokens</c> can be reserved up front and N concurrent
/// calls never spend more than the day allows. The output bound is exact: it is the <c>max_tokens</c> the provider
/// is held to (the caller's, or <see cref="DefaultMaxOutputTokens"/> sent on the caller's behalf). The input side is
/// an estimate from UTF-8 bytes, deliberately generous (3 bytes a token, where English text averages about 4 and
/// code about 3), plus a fixed overhead per message, per image and per tool; the reservation is trued up with the
/// provider's reported usage once the call ends.
/// </summary>
public static class TokenBound
{
    /// <summary>The output bound of a call whose caller set none; Anthropic's format requires one anyway.</summary>
    public const int DefaultMaxOutputTokens = 4096;

    private const int BytesPerToken = 3;
    private const int PerMessage = 4;
    private const int PerImage = 1600;

    public static int OutputBound(ChatRequest request) => request.MaxTokens is > 0 and var max ? max : DefaultMaxOutputTokens;

    public static long EstimateInput(ChatRequest request)
    {
        long tokens = Text(request.System) + PerMessage;
        foreach (var turn in request.Messages)
        {
            tokens += PerMessage;
            foreach (var part in turn.Parts)
            {
                tokens += part switch
                {
                    TextPart text => Text(text.Text),
                    ImagePart => PerImage,
                    ToolCallPart call => Text(call.Name) + Text(call.Arguments),
                    ToolResultPart result => Text(result.Content),
                    _ => 0,
                };
            }
        }

        foreach (var tool in request.Tools)
        {
            tokens += PerMessage + Text(tool.Name) + Text(tool.Description) + Text(tool.Parameters.GetRawText());
        }

        return tokens;
    }

    /// <summary>Input estimate plus the output bound: the most this call is expected to use.</summary>
    public static long Reservation(ChatRequest request) => EstimateInput(request) + OutputBound(request);

    /// <summary>Tokens in delivered text, estimated the same way, when a stream ended before the usage was reported.</summary>
    public static long EstimateText(int characters) => (characters + BytesPerToken - 1) / BytesPerToken;

    private static long Text(string? text) =>
        string.IsNullOrEmpty(text) ? 0 : (Encoding.UTF8.GetByteCount(text) + BytesPerToken - 1) / BytesPerToken;
}
