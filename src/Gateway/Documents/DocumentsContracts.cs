using System.Text.Json;
using System.Text.Json.Serialization;
using PowerAutomation.Grains.Abstractions.Documents;

namespace PowerAutomation.Gateway.Documents;

public sealed record DocumentResponse(Guid DocumentId, Guid ProjectId, string Path, string Content, int Revision);

public sealed record RenameDocumentRequest(string? Path);

public sealed record SubmitOperationRequest(int? Revision, JsonElement? Operation, string? ClientId, long? Seq);

public sealed record AppliedResponse(int Revision, TextOperation Operation);

/// <summary>One logged operation; <c>model</c>, <c>runId</c>, <c>agent</c> and <c>undoOf</c> appear where set.</summary>
public sealed record HistoryItem(int Revision, TextOperation Operation, Guid AuthorId, DateTimeOffset Timestamp, string? ClientId)
{
    public string AuthorKind { get; init; } = AuthorKinds.User;

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Model { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Guid? RunId { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Agent { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int[]? UndoOf { get; init; }

    public static HistoryItem From(AppliedOperation o) => new(o.Revision, o.Operation, o.AuthorId, o.Timestamp, o.SessionId)
    {
        AuthorKind = o.AuthorKind,
        Model = o.Model,
        RunId = o.RunId,
        Agent = o.Agent,
        UndoOf = o.UndoOf,
    };
}

public sealed record ContentResponse(string Content, int Revision);

/// <summary>Whose changes to undo: unset fields do not narrow the choice; no author, client or run means the caller's.</summary>
public sealed record UndoApiRequest(Guid? AuthorId, string? ClientId, Guid? RunId, string? AuthorKind, int? Count, bool? Redo);

public sealed record CreateVersionRequest(string? Name);

public sealed record VersionResponse(Guid VersionId, string Name, int Revision, Guid CreatedBy, DateTimeOffset CreatedAt)
{
    public static VersionResponse From(DocumentVersion v) => new(v.VersionId, v.Name, v.Revision, v.CreatedBy, v.CreatedAt);
}

public sealed record RestoreRequest(int? Revision);
