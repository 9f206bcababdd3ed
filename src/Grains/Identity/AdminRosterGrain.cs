using PowerAutomation.Grains.Abstractions.Identity;

namespace PowerAutomation.Grains.Identity;

/// <summary>
/// Serialises administrators' access changes and refuses the one that would remove the last enabled admin. The
/// count comes from the <c>users</c> read model, which each user grain writes before its change returns; since every
/// such change passes through this grain one at a time, the count it reads is never behind one it allowed.
/// </summary>
public sealed class AdminRosterGrain(IUserDirectory directory) : Grain, IAdminRosterGrain
{
    public async Task<AdminChangeStatus> SetDisabled(Guid userId, bool disabled, Guid by)
    {
        var user = GrainFactory.GetGrain<IUserGrain>(userId);
        if (await user.GetProfile() is not { } profile)
        {
            return AdminChangeStatus.NotFound;
        }

        if (disabled && IsEnabledAdmin(profile) && await directory.CountEnabledAdminsAsync() <= 1)
        {
            return AdminChangeStatus.LastAdmin;
        }

        await user.SetDisabled(disabled, by);
        return AdminChangeStatus.Succeeded;
    }

    public async Task<AdminChangeStatus> SetAdmin(Guid userId, bool admin, Guid by)
    {
        var user = GrainFactory.GetGrain<IUserGrain>(userId);
        if (await user.GetProfile() is not { } profile)
        {
            return AdminChangeStatus.NotFound;
        }

        if (admin)
        {
            await user.GrantRole(Roles.Admin);
            return AdminChangeStatus.Succeeded;
        }

        if (IsEnabledAdmin(profile) && await directory.CountEnabledAdminsAsync() <= 1)
        {
            return AdminChangeStatus.LastAdmin;
        }

        await user.RevokeRole(Roles.Admin, by);
        return AdminChangeStatus.Succeeded;
    }

    private static bool IsEnabledAdmin(UserProfile profile) => !profile.Disabled && profile.Roles.Contains(Roles.Admin);
}
