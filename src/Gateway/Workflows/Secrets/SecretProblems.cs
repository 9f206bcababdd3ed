using Microsoft.AspNetCore.Http.HttpResults;
using PowerAutomation.Gateway.Errors;
using PowerAutomation.Grains.Abstractions.Workflows.Secrets;

namespace PowerAutomation.Gateway.Workflows.Secrets;

/// <summary>Problems for refused secret writes; none of them quotes the value.</summary>
public static class SecretProblems
{
    public static ProblemHttpResult For(string code) => code switch
    {
        SecretErrors.InvalidName => Problems.BadRequest(code,
            $"A secret's name is 1 to {SecretNames.MaxLength} letters, digits, '_' or '-' (it is used as {{{{secrets.NAME}}}})."),
        SecretErrors.ValueTooLarge => Problems.BadRequest(code, $"A secret's value is at most {SecretRules.MaxValueBytes} bytes of UTF-8."),
        SecretErrors.TooMany => Problems.Conflict(code, $"A user keeps at most {SecretRules.MaxSecretsPerUser} secrets; delete one first."),
        _ => Problems.BadRequest(SecretErrors.InvalidValue, "value is required: a non-empty string of text (no U+0000 or lone surrogate)."),
    };
}
