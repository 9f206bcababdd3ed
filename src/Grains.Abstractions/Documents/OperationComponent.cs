namespace PowerAutomation.Grains.Abstractions.Documents;

public enum ComponentKind : byte
{
    Retain = 0,
    Insert = 1,
    Delete = 2,
}

/// <summary>
/// One component of a <see cref="TextOperation"/>: retain or delete <see cref="Length"/> UTF-16 units, or insert
/// <see cref="Text"/>.
/// </summary>
public readonly record struct OperationComponent(ComponentKind Kind, int Length, string? Text)
{
    public static OperationComponent Retain(int length) => new(ComponentKind.Retain, length, null);

    public static OperationComponent Insert(string text) => new(ComponentKind.Insert, text.Length, text);

    public static OperationComponent Delete(int length) => new(ComponentKind.Delete, length, null);
}

/// <summary>An operation that cannot apply: malformed, the wrong length for its document, or splitting a surrogate pair.</summary>
public sealed class OperationException(string message) : Exception(message);
