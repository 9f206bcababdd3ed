using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using PowerAutomation.Gateway.Errors;
using PowerAutomation.Grains.Abstractions.Identity;

namespace PowerAutomation.Gateway.Identity;

/// <summary>
/// The second factor of the signed-in user. Once it is on, changing it, removing it or making recovery codes
/// needs the current password or a current code: an access token alone cannot take the account over.
/// </summary>
public static class MfaApi
{
    public static RouteGroupBuilder MapMfaApi(this RouteGroupBuilder me)
    {
        me.MapPost("/mfa/totp", BeginTotp);
        me.MapDelete("/mfa/totp", RemoveTotp);
        me.MapPost("/mfa/totp/confirm", ConfirmTotp);
        me.MapPost("/mfa/recovery-codes", CreateRecoveryCodes);
        return me;
    }

    public static async Task<Results<Ok<TotpEnrolmentResponse>, ProblemHttpResult>> BeginTotp(
        [FromBody] MfaProofRequest? request, ClaimsPrincipal user, HttpContext context, IClusterClient cluster)
    {
        if (Invalid(request) is { } invalid)
        {
            return invalid;
        }

        var result = await cluster.GetGrain<IUserGrain>(user.UserId()).BeginTotpEnrolment(Proof(request));
        return result.Enrolment is { } enrolment
            ? TypedResults.Ok(new TotpEnrolmentResponse(enrolment.Secret, enrolment.OtpAuthUri))
            : Refusal(result, context);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> RemoveTotp(
        [FromBody] MfaProofRequest? request, ClaimsPrincipal user, HttpContext context, IClusterClient cluster)
    {
        if (Invalid(request) is { } invalid)
        {
            return invalid;
        }

        var result = await cluster.GetGrain<IUserGrain>(user.UserId()).RemoveTotp(Proof(request));
        return result.Status == MfaChangeStatus.Succeeded ? TypedResults.NoContent() : Refusal(result, context);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> ConfirmTotp(
        TotpConfirmRequest request, ClaimsPrincipal user, IClusterClient cluster)
    {
        if (string.IsNullOrEmpty(request.Code) || request.Code.Length > 20)
        {
            return Problems.Validation("code", "code is required.");
        }

        var confirmed = await cluster.GetGrain<IUserGrain>(user.UserId()).ConfirmTotp(request.Code);
        return confirmed
            ? TypedResults.NoContent()
            : Problems.BadRequest(ErrorCodes.InvalidMfaCode, "The code does not match a pending enrolment; check the device clock.");
    }

    public static async Task<Results<Ok<RecoveryCodesResponse>, ProblemHttpResult>> CreateRecoveryCodes(
        [FromBody] MfaProofRequest? request, ClaimsPrincipal user, HttpContext context, IClusterClient cluster)
    {
        if (Invalid(request) is { } invalid)
        {
            return invalid;
        }

        var result = await cluster.GetGrain<IUserGrain>(user.UserId()).CreateRecoveryCodes(Proof(request));
        return result.RecoveryCodes is { } codes
            ? TypedResults.Ok(new RecoveryCodesResponse(codes))
            : Refusal(result, context);
    }

    private static MfaProof Proof(MfaProofRequest? request) => new(request?.Password, request?.Code);

    private static ProblemHttpResult? Invalid(MfaProofRequest? request) =>
        request is { Password.Length: > 1024 } or { Code.Length: > 20 }
            ? Problems.Validation("password", "password or code is too long.")
            : null;

    private static ProblemHttpResult Refusal(MfaChangeResult result, HttpContext context)
    {
        switch (result.Status)
        {
            case MfaChangeStatus.ProofRequired:
                return Problems.Create(StatusCodes.Status403Forbidden, ErrorCodes.ReauthenticationRequired,
                    "Two-factor sign-in is on: send the current password or a current code to change it.");
            case MfaChangeStatus.InvalidProof:
                return Problems.Create(StatusCodes.Status403Forbidden, ErrorCodes.InvalidCredentials, "The password or code is wrong.");
            case MfaChangeStatus.NotEnabled:
                return Problems.Conflict(ErrorCodes.MfaNotEnabled, "Two-factor sign-in is not on for this account.");
            default:
                var seconds = Math.Max(1, (int)Math.Ceiling(result.RetryAfter.TotalSeconds));
                context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                return Problems.Create(StatusCodes.Status429TooManyRequests, ErrorCodes.TooManyAttempts,
                    $"Too many failed sign-ins; try again in {seconds} s.");
        }
    }
}
