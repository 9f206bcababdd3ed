using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using PowerAutomation.Grains.Abstractions.Documents;

namespace PowerAutomation.Gateway.Documents.Live;

/// <summary>Server → client frames of API.md's live protocol.</summary>
public static class LiveFrames
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new TextOperationJsonConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static object Snapshot(int revision, string content, string clientId) =>
        new { type = "snapshot", revision, content, clientId };

    public static object Ack(long seq, int revision) => new { type = "ack", seq, revision };

    private static readonly ConditionalWeakTable<AppliedOperation, byte[]> Encoded = new();

    /// <summary>
    /// The operation frame as UTF-8 bytes, encoded once per operation however many connections on this gateway
    /// receive it (the stream hands every subscriber the same instance).
    /// </summary>
    public static byte[] OperationBytes(AppliedOperation applied) =>
        Encoded.GetValue(applied, static a => JsonSerializer.SerializeToUtf8Bytes(Operation(a), Json));

    public static object Operation(AppliedOperation applied) => new
    {
        type = "operation",
        revision = applied.Revision,
        operation = applied.Operation,
        authorId = applied.AuthorId,
        clientId = applied.SessionId,
        authorKind = applied.AuthorKind,
        model = applied.Model,
        runId = applied.RunId,
        agent = applied.Agent,
        undoOf = applied.UndoOf,
    };

    public static object Presence(Presence presence) => new
    {
        type = "presence",
        clientId = presence.ClientId,
        userId = presence.UserId,
        displayName = presence.DisplayName,
        selection = presence.Selection.Select(r => new { anchor = r.Anchor, head = r.Head }),
    };

    public static object Left(string clientId, Guid? userId) => new { type = "presence", clientId, userId, left = true };

    /// <summary>An error; <paramref name="seq"/> names the operation it refuses, when it refuses one.</summary>
    public static object Error(string code, string message, long? seq = null) => new { type = "error", code, message, seq };

    public static byte[] Bytes(object frame) => frame as byte[] ?? JsonSerializer.SerializeToUtf8Bytes(frame, Json);
}
