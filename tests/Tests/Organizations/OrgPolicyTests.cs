using PowerAutomation.Grains.Abstractions.Organizations;
using PowerAutomation.Grains.Organizations;

namespace PowerAutomation.Tests.Organizations;

/// <summary>The pure rules of who may change whom in an organization.</summary>
public sealed class OrgPolicyTests
{
    [Theory]
    [InlineData("owner", "owner", false, 2, null)]
    [InlineData("owner", "owner", true, 1, "last_owner")]
    [InlineData("owner", "owner", false, 1, "last_owner")]
    [InlineData("admin", "owner", false, 2, "forbidden")]
    [InlineData("admin", "owner", false, 1, "forbidden")]
    [InlineData("admin", "admin", false, 1, null)]
    [InlineData("admin", "member", false, 1, null)]
    [InlineData("member", "member", false, 1, "forbidden")]
    [InlineData("member", "member", true, 1, null)]
    [InlineData("admin", "admin", true, 1, null)]
    public void RemoveRefusal_FollowsTheRoles(string actor, string target, bool self, int owners, string? expected) =>
        Assert.Equal(expected, OrgPolicy.RemoveRefusal(actor, target, self, owners));

    [Theory]
    [InlineData("owner", "member", "owner", 1, null)]
    [InlineData("owner", "owner", "admin", 1, "last_owner")]
    [InlineData("owner", "owner", "admin", 2, null)]
    [InlineData("admin", "member", "admin", 1, null)]
    [InlineData("admin", "admin", "member", 1, null)]
    [InlineData("admin", "member", "owner", 1, "forbidden")]
    [InlineData("admin", "owner", "member", 2, "forbidden")]
    [InlineData("member", "member", "admin", 1, "forbidden")]
    public void RoleChangeRefusal_FollowsTheRoles(string actor, string target, string role, int owners, string? expected) =>
        Assert.Equal(expected, OrgPolicy.RoleChangeRefusal(actor, target, role, owners));

    [Theory]
    [InlineData("owner", "owner", null)]
    [InlineData("admin", "owner", "forbidden")]
    [InlineData("admin", "admin", null)]
    [InlineData("member", "member", "forbidden")]
    public void InviteRefusal_OnlyOwnersInviteOwners(string actor, string role, string? expected) =>
        Assert.Equal(expected, OrgPolicy.InviteRefusal(actor, role));

    [Fact]
    public void ProjectRole_OwnersAndAdminsManage_MembersEdit() =>
        Assert.Equal(["owner", "owner", "editor", null], new[] { OrgRoles.Owner, OrgRoles.Admin, OrgRoles.Member, "stranger" }.Select(OrgRoles.ProjectRole));
}
