namespace PowerAutomation.Grains.Abstractions.Identity;

/// <summary>
/// The one place administrators change who may act (disable, enable, grant or revoke <c>admin</c>). A single
/// activation (key 0) takes these changes one at a time, so two admins disabling each other at once cannot
/// leave the system with none.
/// </summary>
[Alias("pa.IAdminRosterGrain")]
public interface IAdminRosterGrain : IGrainWithIntegerKey
{
    [Alias("SetDisabled")]
    Task<AdminChangeStatus> SetDisabled(Guid userId, bool disabled, Guid by);

    [Alias("SetAdmin")]
    Task<AdminChangeStatus> SetAdmin(Guid userId, bool admin, Guid by);
}
