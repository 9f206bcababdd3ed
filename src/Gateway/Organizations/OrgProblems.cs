using Microsoft.AspNetCore.Http.HttpResults;
using PowerAutomation.Gateway.Errors;
using PowerAutomation.Grains.Abstractions.Organizations;

namespace PowerAutomation.Gateway.Organizations;

/// <summary>Problems for the refusals organization and licence grains report.</summary>
public static class OrgProblems
{
    public static ProblemHttpResult For(string error) => error switch
    {
        OrgErrors.NotFound => Problems.NotFound("No such organization, member, licence or invitation, or you are not a member of the organization."),
        OrgErrors.Forbidden => Problems.Create(StatusCodes.Status403Forbidden, ErrorCodes.Forbidden, "Your organization role does not allow this."),
        OrgErrors.LastOwner => Problems.Conflict(ErrorCodes.LastOwner,
            "The last owner cannot leave, be removed or step down; make someone else an owner first."),
        OrgErrors.TooManyInvitations => Problems.Conflict(ErrorCodes.TooManyInvitations,
            "Too many invitations are pending (for this organization or this address); wait for answers first."),
        OrgErrors.TooManyMembers => Problems.Conflict(ErrorCodes.TooManyMembers, "The organization has as many members as allowed."),
        OrgErrors.InvalidName => Problems.BadRequest(ErrorCodes.InvalidName, "The organization name is not valid."),
        OrgErrors.NoSeatsLeft => Problems.Conflict(ErrorCodes.NoSeatsLeft, "Every seat of this licence is taken; release one first."),
        OrgErrors.NotAMember => Problems.Conflict(ErrorCodes.NotAnOrgMember, "Seats go to members of the organization only; invite the user first."),
        OrgErrors.LicenseRevoked => Problems.Conflict(ErrorCodes.LicenseRevoked, "This licence has been revoked; its seats cannot be given."),
        OrgErrors.LicenseExpired => Problems.Conflict(ErrorCodes.LicenseExpired, "This licence has expired; its seats cannot be given."),
        _ => Problems.BadRequest(ErrorCodes.InvalidRequest, "The request was refused."),
    };
}
