using PowerAutomation.Grains.Abstractions.Documents;

namespace PowerAutomation.Gateway.Documents.AiEdits;

/// <summary>Rewrite <see cref="Selection"/> (or the whole document) as <see cref="Instruction"/> says.</summary>
public sealed record AiEditRequest(string? Model, string? Instruction, SelectionRange? Selection, bool? Stream);

public sealed record SelectionRange(int From, int To);

/// <summary>The applied AI operation; <see cref="RunId"/> names this edit for undo (<c>POST …/undo {runId}</c>).</summary>
public sealed record AiEditResponse(int Revision, TextOperation Operation, string Model, Guid RunId);
