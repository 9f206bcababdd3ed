using PowerAutomation.Grains.Abstractions.Workflows.Triggers;
using PowerAutomation.Grains.Workflows.Triggers;

namespace PowerAutomation.Tests.Workflows.Triggers;

public sealed class TriggerSpecRulesTests
{
    [Theory]
    [InlineData("src/**/*.ts", "src/app.ts", true)]
    [InlineData("src/**/*.ts", "src/deep/er/app.ts", true)]
    [InlineData("src/**/*.ts", "lib/app.ts", false)]
    [InlineData("*.md", "README.md", true)]
    [InlineData("*.md", "docs/README.md", false)]
    [InlineData("**/*.md", "docs/README.md", true)]
    public void PathGlobs_MatchDocumentPaths(string glob, string path, bool expected) =>
        Assert.Equal(expected, TriggerSpecRules.Watches(new TriggerSpec(TriggerTypes.DocumentChanged, ProjectId: Guid.NewGuid(), PathGlob: glob), path));

    [Fact]
    public void Defaults_AreFilledIn_AndBoundsEnforced()
    {
        var (schedule, _) = TriggerSpecRules.Normalize(new TriggerSpec(TriggerTypes.Schedule, Cron: " 0 3 * * * "));
        Assert.Equal(("0 3 * * *", "UTC", OverlapPolicies.Skip), (schedule!.Cron, schedule.Timezone, schedule.Overlap));

        var (change, _) = TriggerSpecRules.Normalize(new TriggerSpec(TriggerTypes.DocumentChanged, ProjectId: Guid.NewGuid()));
        Assert.Equal(TriggerSpecRules.DefaultDebounce, change!.Debounce);

        Assert.Contains("debounce", TriggerSpecRules.Normalize(new TriggerSpec(TriggerTypes.DocumentChanged, ProjectId: Guid.NewGuid(), Debounce: TimeSpan.FromSeconds(1))).Error);
        Assert.Contains("projectId", TriggerSpecRules.Normalize(new TriggerSpec(TriggerTypes.DocumentChanged)).Error);
        Assert.Contains("overlap", TriggerSpecRules.Normalize(new TriggerSpec(TriggerTypes.Schedule, Cron: "* * * * *", Overlap: "queue")).Error);
        Assert.Contains("type is one of", TriggerSpecRules.Normalize(new TriggerSpec("email")).Error);
    }
}
