namespace PowerAutomation.Tests.Embeddings;

/// <summary>Varied inputs: short, long past the 256-token cut, unicode, code, and next to nothing.</summary>
internal static class TestSentences
{
    public static readonly string Long = string.Join(' ', Enumerable.Repeat(
        "The quick brown fox jumps over the lazy dog while the collaborative editor merges concurrent operations.", 40));

    public static readonly string[] All =
    [
        "This is an example sentence",
        "Each sentence is converted",
        "Hi",
        "a",
        "",
        "   ",
        "!!!",
        "?",
        "The cat sat on the mat.",
        "THE CAT SAT ON THE MAT.",
        "Operational transformation keeps concurrent edits consistent across replicas.",
        "Quotas are decided exactly once per request, across every gateway.",
        "Café déjà vu, naïve façade, São Paulo, Zürich.",
        "東京は日本の首都です。",
        "北京欢迎你",
        "Привет, как дела?",
        "مرحبا بالعالم",
        "Launch 🚀 then celebrate 🎉🔥",
        "public static void Main(string[] args) { Console.WriteLine(\"hello\"); }",
        "SELECT id, email FROM users WHERE created_at > now() - interval '1 day';",
        "def fib(n):\n    return n if n < 2 else fib(n - 1) + fib(n - 2)",
        "for (int i = 0; i < n; ++i) sum += a[i] * b[i];",
        "https://example.com/api/v1/documents/42?revision=17#top",
        "user@example.com wrote 3.14159 and 2,718,281 on 2026-03-01",
        "tab\tseparated\tvalues\nand new lines",
        "supercalifragilisticexpialidocious antidisestablishmentarianism",
        "A sentence with    many     spaces",
        "It's a dog's life; isn't it?",
        Long,
        string.Join(' ', Enumerable.Range(0, 600).Select(i => i.ToString())),
        string.Concat(Enumerable.Repeat("日本語のテキスト", 80)),
        "Short one after the long ones.",
    ];
}
