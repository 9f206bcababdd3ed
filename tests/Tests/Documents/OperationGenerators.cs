using FsCheck;
using FsCheck.Fluent;
using PowerAutomation.Grains.Abstractions.Documents;

namespace PowerAutomation.Tests.Documents;

/// <summary>Random documents and random operations that fit them.</summary>
public static class OperationGenerators
{
    private static readonly char[] Alphabet = "abcxyz \n".ToCharArray();

    public static Gen<string> Document(int maxLength = 40) =>
        from length in Gen.Choose(0, maxLength)
        from chars in Gen.ArrayOf(Gen.Elements(Alphabet), length)
        select new string(chars);

    public static Gen<string> Text() =>
        from length in Gen.Choose(1, 4)
        from chars in Gen.ArrayOf(Gen.Elements(Alphabet), length)
        select new string(chars);

    /// <summary>An operation on a document of the given length, built from random retain/delete/insert steps.</summary>
    public static Gen<TextOperation> OperationOn(int length) =>
        Gen.ListOf(
                from kind in Gen.Choose(0, 4)
                from count in Gen.Choose(1, 5)
                from text in Text()
                select (kind, count, text))
            .Select(steps =>
            {
                var builder = new TextOperation.Builder();
                var left = length;
                foreach (var (kind, count, text) in steps)
                {
                    switch (kind)
                    {
                        case 0 or 1 when left > 0:
                            var retain = Math.Min(count, left);
                            builder.Retain(retain);
                            left -= retain;
                            break;
                        case 2 when left > 0:
                            var delete = Math.Min(count, left);
                            builder.Delete(delete);
                            left -= delete;
                            break;
                        default:
                            builder.Insert(text);
                            break;
                    }
                }

                return builder.Retain(left).Build();
            });

    public static Gen<(string Document, TextOperation A, TextOperation B)> TwoConcurrent() =>
        from document in Document()
        from a in OperationOn(document.Length)
        from b in OperationOn(document.Length)
        select (document, a, b);

    public static Gen<(string Document, TextOperation A, TextOperation B)> TwoSequential() =>
        from document in Document()
        from a in OperationOn(document.Length)
        from b in OperationOn(a.TargetLength)
        select (document, a, b);
}
