namespace PowerAutomation.Grains.Abstractions.Documents;

/// <summary>Read access to a document's UTF-16 units, for validation against strings and ropes alike.</summary>
public interface ITextSource
{
    int Length { get; }

    char this[int index] { get; }

    string Substring(int position, int count);
}

/// <summary>A string seen as an <see cref="ITextSource"/>.</summary>
public readonly struct StringText(string text) : ITextSource
{
    public int Length => text.Length;

    public char this[int index] => text[index];

    public string Substring(int position, int count) => text.Substring(position, count);
}
