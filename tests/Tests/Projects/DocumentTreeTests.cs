using PowerAutomation.Grains.Projects;

namespace PowerAutomation.Tests.Projects;

/// <summary>Folders are path prefixes: one name is never both a document and a folder.</summary>
public sealed class DocumentTreeTests
{
    private static readonly string[] Paths = ["README.md", "src/app/main.cs", "src/lib.cs"];

    [Theory]
    [InlineData("README.md")]
    [InlineData("src")]
    [InlineData("src/app")]
    [InlineData("src/lib.cs/inner.cs")]
    [InlineData("README.md/x")]
    public void IsTaken_SamePathFolderOrInsideADocument_IsTaken(string path) => Assert.True(DocumentTree.IsTaken(Paths, path));

    [Theory]
    [InlineData("readme.md")]
    [InlineData("src2")]
    [InlineData("sr")]
    [InlineData("src/app2/main.cs")]
    [InlineData("src/lib")]
    [InlineData("srcx/lib.cs")]
    public void IsTaken_SiblingsAndLookAlikes_AreFree(string path) => Assert.False(DocumentTree.IsTaken(Paths, path));

    [Fact]
    public void IsTaken_TheDocumentBeingMoved_DoesNotCount()
    {
        Assert.False(DocumentTree.IsTaken(Paths, "src/lib.cs", ignoring: "src/lib.cs"));
        Assert.False(DocumentTree.IsTaken(Paths, "src/lib.cs/deeper.cs", ignoring: "src/lib.cs"));
        Assert.True(DocumentTree.IsTaken(Paths, "src/app", ignoring: "src/lib.cs"));
    }
}
