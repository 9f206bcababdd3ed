using PowerAutomation.Tests.Infrastructure;
using Xunit.Abstractions;

namespace PowerAutomation.Tests.Web;

/// <summary>
/// The web app in Debian's Chromium through Playwright (web/test/*.test.ts), against the real system: each fact
/// is one test file, so a failure names the area and its output holds node's report and the browser's problems.
/// </summary>
[Collection(WebAppCollection.Name)]
public sealed class BrowserTests(WebAppFixture system, ITestOutputHelper output)
{
    private const string Package = "web";
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(5);

    [Fact]
    public Task Editing_SignIn_Type_Reload_TwoUsersLive_Offline_RenameDelete() => RunAsync("editor.test.ts");

    [Fact]
    public Task AiPanel_StreamsAnAnswer_And_ExplainsA429() => RunAsync("ai.test.ts");

    [Fact]
    public Task AgentMode_EditsTheOpenFile_ShowsItsSteps_AndItsEditIsUndone() => RunAsync("agent.test.ts");

    [Fact]
    public Task History_UndoByTab_KeepsTheCollaboratorsText_AndAVersionIsRestored() => RunAsync("authoring.test.ts");

    [Fact]
    public Task Console_AdminIssuesLicence_UserEditionChanges_Workflows() => RunAsync("console.test.ts");

    [Fact]
    public Task AppPages_CarryTheSecurityHeaders_AndApiRoutesStayProblems() => RunAsync("serving.test.ts");

    [Fact]
    public Task FileTree_IsDerivedFromPaths() => RunAsync("file-tree.test.ts");

    [Fact]
    public Task Account_SessionsEnded_AdminDisablesAUser_EditorRefused() => RunAsync("account-access.test.ts");

    [Fact]
    public Task OidcSignIn_ThroughTheRealProvider_AndARefusedLinkExplained() => RunAsync("oidc.test.ts");

    [Fact]
    public Task DevicePage_ApprovesOrDeniesACliCode_AndTheDevicePollHearsIt() => RunAsync("device.test.ts");

    [Fact]
    public Task Orgs_CreateInviteAccept_SeatAndRelease_Remove_MemberView() => RunAsync("orgs.test.ts");

    [Fact]
    public Task AccountMail_ForgotPasswordByMailedLink_VerifyBanner_ChangePassword() => RunAsync("account-mail.test.ts");

    [Fact]
    public Task AiUsage_OnTheAccountPage_AndInTheConsoleByUser() => RunAsync("usage.test.ts");

    private async Task RunAsync(string file)
    {
        var outcome = await NodeTests.RunTestFileAsync(Package, file, system.Environment, Limit);
        output.WriteLine(outcome.Output);
        NodeTests.AssertPassed(outcome, Package, file, Limit);
    }
}
