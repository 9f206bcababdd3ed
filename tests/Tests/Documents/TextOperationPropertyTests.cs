using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using PowerAutomation.Grains.Abstractions.Documents;

namespace PowerAutomation.Tests.Documents;

public sealed class TextOperationPropertyTests
{
    private static readonly Config Runs = Config.QuickThrowOnFailure.WithMaxTest(1000);

    [Fact]
    public void Transform_ConvergesTP1() =>
        Prop.ForAll(Arb.From(OperationGenerators.TwoConcurrent()), t =>
        {
            var (aPrime, bPrime) = TextOperation.Transform(t.A, t.B);
            return bPrime.Apply(t.A.Apply(t.Document)) == aPrime.Apply(t.B.Apply(t.Document));
        }).Check(Runs);

    [Fact]
    public void Transform_PutsTheFirstArgumentsInsertFirstAtOnePosition()
    {
        var (aPrime, bPrime) = TextOperation.Transform(OperationJson.Parse("[\"A\",1]"), OperationJson.Parse("[\"B\",1]"));
        Assert.Equal("ABx", bPrime.Apply("Ax"));
        Assert.Equal("ABx", aPrime.Apply("Bx"));
    }

    [Fact]
    public void Transform_InsertAgainstLaterAppend()
    {
        var (aPrime, _) = TextOperation.Transform(OperationJson.Parse("[\"Oh, \",5]"), OperationJson.Parse("[5,\" world\"]"));
        Assert.Equal("[\"Oh, \",11]", OperationJson.Write(aPrime));
    }

    [Fact]
    public void Compose_EqualsApplyingInTurn() =>
        Prop.ForAll(Arb.From(OperationGenerators.TwoSequential()), t =>
            TextOperation.Compose(t.A, t.B).Apply(t.Document) == t.B.Apply(t.A.Apply(t.Document))).Check(Runs);

    [Fact]
    public void Invert_UndoesTheOperation() =>
        Prop.ForAll(Arb.From(OperationGenerators.TwoConcurrent()), t =>
            t.A.Invert(t.Document).Apply(t.A.Apply(t.Document)) == t.Document).Check(Runs);

    [Fact]
    public void Operations_AreNormalisedAndSurviveTheirJsonForm() =>
        Prop.ForAll(Arb.From(OperationGenerators.TwoConcurrent()), t =>
        {
            var components = t.A.Components;
            var normalised = components.All(c => c.Length > 0)
                && components.Zip(components.Skip(1)).All(p => p.First.Kind != p.Second.Kind
                    && !(p.First.Kind == ComponentKind.Delete && p.Second.Kind == ComponentKind.Insert));
            return normalised && OperationJson.Parse(OperationJson.Write(t.A)).Equals(t.A);
        }).Check(Runs);

    [Fact]
    public void ChunkedText_AppliesLikeStrings() =>
        Prop.ForAll(Arb.From(
            from document in OperationGenerators.Document(6000)
            from steps in Gen.Choose(1, 20)
            select (document, steps)), t =>
        {
            var text = new ChunkedText(t.document);
            var reference = t.document;
            var random = new Random(t.document.Length * 31 + t.steps);
            for (var i = 0; i < t.steps; i++)
            {
                var position = random.Next(reference.Length + 1);
                var delete = random.Next(Math.Min(3000, reference.Length - position) + 1);
                var operation = TextOperation.Splice(reference.Length, position, delete, new string('q', random.Next(0, 2500)));
                text.Apply(operation);
                reference = operation.Apply(reference);
            }

            return text.ToString() == reference && text.Length == reference.Length
                && (reference.Length == 0 || text[reference.Length - 1] == reference[^1]);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(200));

    [Fact]
    public void NonNormalisedInput_IsNormalisedOnRead()
    {
        var operation = OperationJson.Parse("[1, 2, \"a\", \"b\", -1, \"c\", -2, 3]");
        Assert.Equal("[3,\"abc\",-3,3]", OperationJson.Write(operation));
    }

    [Theory]
    [InlineData("[0]")]
    [InlineData("[1.5]")]
    [InlineData("[\"\"]")]
    [InlineData("[true]")]
    [InlineData("[null]")]
    [InlineData("{\"retain\":1}")]
    [InlineData("[[1]]")]
    [InlineData("[-2147483648]")]
    [InlineData("[3000000000]")]
    [InlineData("not json")]
    public void MalformedOperations_AreRefused(string json) =>
        Assert.Throws<OperationException>(() => OperationJson.Parse(json));

    [Fact]
    public void WrongLength_IsRefusedAndChangesNothing()
    {
        var text = new ChunkedText("hello");
        Assert.Throws<OperationException>(() => text.Apply(OperationJson.Parse("[3,\"x\"]")));
        Assert.Throws<OperationException>(() => OperationJson.Parse("[9]").Apply("hello"));
        Assert.Equal("hello", text.ToString());
    }

    [Theory]
    [InlineData("[2,\"x\",2]")]
    [InlineData("[2,-2]")]
    [InlineData("[1,-1,2]")]
    public void SplittingASurrogatePair_IsRefused(string json)
    {
        var document = "a\U0001F600b";
        Assert.Throws<OperationException>(() => OperationJson.Parse(json).Validate(new StringText(document)));
    }

    [Fact]
    public void WholeSurrogatePairs_AreFine()
    {
        var document = "a\U0001F600b";
        var operation = OperationJson.Parse("[1,-2,\"\U0001F44D\",1]");
        operation.Validate(new StringText(document));
        Assert.Equal("a\U0001F44Db", operation.Apply(document));
        Assert.Throws<OperationException>(() => OperationJson.Read(JsonDocument.Parse("[4,\"\\ud83d\"]").RootElement).Validate(new StringText(document)));
    }
}
