using System.Text.Json;
using PowerAutomation.Grains.Abstractions.Documents;

namespace PowerAutomation.Gateway.Documents;

public sealed record DocumentResponse(Guid DocumentId, Guid ProjectId, string Path, string Content, int Revision);

public sealed record RenameDocumentRequest(string? Path);

public sealed record SubmitOperationRequest(int? Revision, JsonElement? Operation, string? ClientId, long? Seq);

public sealed record AppliedResponse(int Revision, TextOperation Operation);

public sealed record HistoryItem(int Revision, TextOperation Operation, Guid AuthorId, DateTimeOffset Timestamp, string? ClientId);

public sealed record ContentResponse(string Content, int Revision);
