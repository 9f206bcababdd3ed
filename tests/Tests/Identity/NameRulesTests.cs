using System.Net;
using System.Net.Http.Json;
using PowerAutomation.Grains.Abstractions;
using PowerAutomation.Grains.Abstractions.Identity;
using PowerAutomation.Grains.Abstractions.Projects;
using PowerAutomation.Tests.Infrastructure;

namespace PowerAutomation.Tests.Identity;

public sealed class NameRulesTests
{
    [Theory]
    [InlineData("a\u0000b")]
    [InlineData("bell\u0007")]
    [InlineData("line\nbreak")]
    [InlineData("evil\u202Egnp.exe")]
    [InlineData("   ")]
    public void Check_ControlBidiOrSurrogateOrBlank_IsRefused(string name)
    {
        Assert.Null(NameRules.Check(name, 100, "name", out var problem));
        Assert.NotNull(problem);
    }

    [Fact]
    public void Check_LoneSurrogate_IsRefused()
    {
        // Built at run time: a lone surrogate does not survive xunit's serialisation of theory data.
        Assert.Null(NameRules.Check("lone " + (char)0xD800 + " surrogate", 100, "name", out _));
        Assert.Null(NameRules.Check("trailing " + (char)0xDC00, 100, "name", out _));
    }

    [Theory]
    [InlineData("  Ada Lovelace ", "Ada Lovelace")]
    [InlineData("李雷 👩‍💻", "李雷 👩‍💻")]
    public void Check_OrdinaryText_IsTrimmedAndKept(string name, string expected)
    {
        Assert.Equal(expected, NameRules.Check(name, 100, "name", out var problem));
        Assert.Null(problem);
    }

    [Fact]
    public void Check_OverTheBound_IsRefused()
    {
        Assert.Null(DisplayNames.Check(new string('x', DisplayNames.MaxLength + 1), out _));
        Assert.NotNull(DisplayNames.Check(new string('x', DisplayNames.MaxLength), out _));
        Assert.Null(ProjectNames.Check(new string('x', ProjectNames.MaxLength + 1), out _));
    }
}

/// <summary>Names reach storage only when valid, whichever way they come in.</summary>
[Collection(ClusterCollection.Name)]
public sealed class NameValidationTests(ClusterFixture cluster)
{
    private readonly HttpClient _http = cluster.CreateClient();

    [Theory]
    [InlineData("bell\u0007")]
    [InlineData("evil\u202Eexe")]
    [InlineData("01234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890")]
    public async Task Register_BadDisplayName_Answers400InvalidDisplayNameAndCreatesNothing(string displayName)
    {
        var email = ApiClient.NewEmail();
        var response = await _http.PostAsJsonAsync("/api/v1/auth/register", new { email, password = ApiClient.Password, displayName });
        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_display_name");
        await _http.RegisterAsync(email);
    }

    [Fact]
    public async Task Registration_DisplayNameWithNul_IsRefusedByTheDomain()
    {
        var email = ApiClient.NewEmail("nul");
        var index = cluster.Cluster.GetGrain<IEmailIndexGrain>(email);
        await Assert.ThrowsAsync<ArgumentException>(() => index.Register(new Registration(email, ApiClient.Password, "a\u0000b", [])));
        Assert.Null(await index.Find());
    }

    [Theory]
    [InlineData("tab\tname")]
    [InlineData("rtl\u202Eoverride")]
    public async Task CreateProject_BadName_Answers400InvalidName(string name)
    {
        var (_, tokens) = await _http.RegisterAndLoginAsync();
        var response = await _http.SendAuthorizedAsync(HttpMethod.Post, "/api/v1/projects", tokens.AccessToken, new { name });
        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_name");
        var listed = await (await _http.SendAuthorizedAsync(HttpMethod.Get, "/api/v1/projects", tokens.AccessToken)).Content.ReadAsStringAsync();
        Assert.Equal("[]", listed);
    }

    [Fact]
    public async Task Project_NameWithNul_IsRefusedByTheDomain()
    {
        var project = cluster.Cluster.GetGrain<IProjectGrain>(Guid.NewGuid());
        await Assert.ThrowsAsync<ArgumentException>(() => project.Create("a\u0000b", Guid.NewGuid()));
        Assert.Null(await project.RoleOf(Guid.NewGuid()));
    }
}
