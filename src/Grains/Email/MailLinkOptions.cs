using System.ComponentModel.DataAnnotations;

namespace PowerAutomation.Grains.Email;

/// <summary>
/// Where links in mails point: <c>Gateway:PublicUrl</c>, the key the gateway reads too (section <c>Gateway</c>;
/// only this member is bound here).
/// </summary>
public sealed class MailLinkOptions
{
    public const string Section = "Gateway";

    [Required]
    public string PublicUrl { get; set; } = "http://localhost:8080";

    /// <summary>An absolute link to an app page with one query parameter, e.g. <c>/reset-password?token=…</c>.</summary>
    public string Link(string page, string token) =>
        $"{PublicUrl.TrimEnd('/')}/{page}?token={Uri.EscapeDataString(token)}";

    public static bool IsValid(MailLinkOptions options) =>
        Uri.TryCreate(options.PublicUrl, UriKind.Absolute, out var url)
        && url.Scheme is "http" or "https" && url.Query.Length == 0 && url.Fragment.Length == 0;
}
