using System.Net;
using PowerAutomation.Grains.Abstractions.Workflows.Approvals;
using PowerAutomation.Grains.Email;

namespace PowerAutomation.Grains.Workflows.Approvals;

/// <summary>The mail asking for a decision: the workflow's message (HTML-encoded) and a link to the approvals inbox.</summary>
public static class ApprovalMail
{
    public static OutgoingMail Request(string to, ApprovalRequest request, string publicUrl)
    {
        var link = $"{publicUrl.TrimEnd('/')}/approvals";
        var subject = request.Escalated ? "An approval was escalated to you" : "Your approval is requested";
        var deadline = request.Until is { } until ? $"Please decide by {until:u}." : "";
        var text = $"A PowerAutomation workflow waits for your decision:\r\n\r\n{request.Message}\r\n\r\n"
            + $"Approve or reject it: {link}\r\n(run {request.RunId}, step {request.StepId}) {deadline}\r\n";
        var html = $"""
            <!DOCTYPE html>
            <html><body style="font-family: sans-serif; line-height: 1.5">
            <p>A PowerAutomation workflow waits for your decision:</p>
            <blockquote>{WebUtility.HtmlEncode(request.Message)}</blockquote>
            <p><a href="{WebUtility.HtmlEncode(link)}">Approve or reject it</a></p>
            <p style="color: #555">Run {request.RunId}, step {WebUtility.HtmlEncode(request.StepId)}. {WebUtility.HtmlEncode(deadline)}</p>
            </body></html>
            """;
        return new OutgoingMail(MailKinds.ApprovalRequest, to, subject, text, html);
    }
}
