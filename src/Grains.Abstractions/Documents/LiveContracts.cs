namespace PowerAutomation.Grains.Abstractions.Documents;

/// <summary>A selection range in UTF-16 units (anchor where it started, head where the caret is).</summary>
[GenerateSerializer, Immutable, Alias("pa.SelectionRange")]
public sealed record SelectionRange([property: Id(0)] int Anchor, [property: Id(1)] int Head);

/// <summary>Where one connected client is: who, and its selections at <see cref="Revision"/>.</summary>
[GenerateSerializer, Immutable, Alias("pa.Presence")]
public sealed record Presence(
    [property: Id(0)] string ClientId,
    [property: Id(1)] Guid UserId,
    [property: Id(2)] string DisplayName,
    [property: Id(3)] IReadOnlyList<SelectionRange> Selection,
    [property: Id(4)] int Revision);

/// <summary>
/// What a document fans out to every gateway holding a live connection: an operation, presence, a leave (of
/// <see cref="LeftClientId"/> of <see cref="LeftUserId"/>: client ids are only unique per user), the end of the
/// document (<see cref="Deleted"/>: every session closes), or the end of one user's access
/// (<see cref="RevokedUserId"/>: that user's sessions close).
/// </summary>
[GenerateSerializer, Immutable, Alias("pa.DocumentEvent")]
public sealed record DocumentEvent(
    [property: Id(0)] AppliedOperation? Operation,
    [property: Id(1)] Presence? Presence,
    [property: Id(2)] string? LeftClientId,
    [property: Id(3)] Guid? LeftUserId = null,
    [property: Id(4)] bool Deleted = false,
    [property: Id(5)] Guid? RevokedUserId = null);

/// <summary>What a connecting client gets: its role, the current content, and who else is there.</summary>
[GenerateSerializer, Immutable, Alias("pa.LiveJoin")]
public sealed record LiveJoin(
    [property: Id(0)] string Role,
    [property: Id(1)] DocumentContent Content,
    [property: Id(2)] IReadOnlyList<Presence> Present,
    [property: Id(3)] bool SessionKnown);

/// <summary>Names shared by the document grain and the gateways that subscribe to it.</summary>
public static class DocumentStreams
{
    public const string Namespace = "documents";
}
