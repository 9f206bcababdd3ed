using PowerAutomation.Tests.Infrastructure;

namespace PowerAutomation.Tests.Web;

/// <summary>
/// The web app in Debian's Chromium through Playwright (web/test/*.test.ts), against the real system: each fact
/// is one test file, so a failure names the area and its output holds node's report and the browser's console.
/// </summary>
[Collection(WebAppCollection.Name)]
public sealed class BrowserTests(WebAppFixture system)
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(4);

    [Fact]
    public Task Editing_SignIn_Type_Reload_TwoUsersLive_Offline_RenameDelete() =>
        NodeTestRun.RunAsync("web", "test/editor.test.ts", system.Environment, Limit);

    [Fact]
    public Task AiPanel_StreamsAnAnswer_And_ExplainsA429() =>
        NodeTestRun.RunAsync("web", "test/ai.test.ts", system.Environment, Limit);

    [Fact]
    public Task Console_AdminIssuesLicence_UserEditionChanges_Workflows() =>
        NodeTestRun.RunAsync("web", "test/console.test.ts", system.Environment, Limit);

    [Fact]
    public Task AppPages_CarryTheSecurityHeaders_AndApiRoutesStayProblems() =>
        NodeTestRun.RunAsync("web", "test/serving.test.ts", system.Environment, Limit);
}
