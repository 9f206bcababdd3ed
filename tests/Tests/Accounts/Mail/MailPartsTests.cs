using Microsoft.Extensions.Options;
using MimeKit;
using PowerAutomation.Grains.Abstractions.Identity;
using PowerAutomation.Grains.Email;
using PowerAutomation.Grains.Identity;
using PowerAutomation.Silo.Email;

namespace PowerAutomation.Tests.Accounts.Mail;

/// <summary>The pure and file-level parts of mail: backoff, request windows, token syntax, templates, .eml files.</summary>
public sealed class MailPartsTests
{
    [Fact]
    public void Retry_DoublesFromTheFirstDelay_UpToTheCap()
    {
        var delays = Enumerable.Range(1, 8).Select(n => MailRetry.Delay(n, TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(1))).ToList();

        Assert.Equal([5, 10, 20, 40, 60, 60, 60, 60], delays.Select(d => (int)d.TotalSeconds));
        Assert.Equal(TimeSpan.FromMinutes(1), MailRetry.Delay(10_000, TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public void Window_AllowsNPerWindow_AndSaysWhenTheNextIsDue()
    {
        var window = new RequestWindow();
        var start = DateTimeOffset.UnixEpoch;

        Assert.All(Enumerable.Range(0, 3), i => Assert.Equal(TimeSpan.Zero, window.TryTake(start.AddMinutes(i), 3, TimeSpan.FromHours(1))));
        Assert.Equal(TimeSpan.FromMinutes(57), window.TryTake(start.AddMinutes(3), 3, TimeSpan.FromHours(1)));
        Assert.Equal(TimeSpan.Zero, window.TryTake(start.AddHours(1), 3, TimeSpan.FromHours(1)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("0123456789abcdef0123456789abcdef")]
    [InlineData("0123456789abcdef0123456789abcdef.short")]
    [InlineData("0123456789abcdef0123456789abcdeg.aaaaaaaaaaaaaaaaaaaa")]
    [InlineData("0123456789abcdef0123456789abcdef.aaaaaaaaaa aaaaaaaaaa")]
    [InlineData("0123456789abcdef0123456789abcdef.aaaaaaaaaaaaaaaaaaaa.b")]
    public void Token_Malformed_IsRefused(string text) => Assert.False(AccountToken.TryParse(text, out _));

    [Fact]
    public void Token_RoundTrips()
    {
        var token = new AccountToken(Guid.NewGuid(), SecretHasher.NewSecret());
        Assert.True(AccountToken.TryParse(token.ToString(), out var parsed));
        Assert.Equal(token, parsed);
    }

    [Fact]
    public void Template_EncodesHtml_AndCarriesTheLinkInBothParts()
    {
        var links = new MailLinkOptions { PublicUrl = "https://app.example.com/pa/" };
        var link = links.Link("reset-password", "abc.def");
        var mail = AccountMailTemplates.PasswordReset("a@example.com", link + "&x=<b>", TimeSpan.FromMinutes(30));

        Assert.Equal("https://app.example.com/pa/reset-password?token=abc.def", link);
        Assert.Contains(link + "&x=<b>", mail.Text);
        Assert.Contains("&amp;x=&lt;b&gt;", mail.Html);
        Assert.DoesNotContain("<b>", mail.Html);
        Assert.Contains("30 minutes", mail.Text);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task FileTransport_WritesAnEmlFile_OwnerOnly_WithTextAndHtml()
    {
        var directory = Path.Combine(Path.GetTempPath(), "pa-mail-" + Guid.NewGuid().ToString("N"));
        try
        {
            var transport = new FileMailTransport(Options.Create(new EmailOptions { MailDirectory = directory }));
            var mail = AccountMailTemplates.EmailVerification("b@example.com", "http://localhost/verify-email?token=t", TimeSpan.FromHours(24));

            await transport.SendAsync(MailMessages.Create(mail, "PowerAutomation <no-reply@example.com>", DateTimeOffset.UtcNow), CancellationToken.None);

            var file = Assert.Single(Directory.GetFiles(directory));
            Assert.EndsWith(".eml", file);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
            var read = await MimeMessage.LoadAsync(file);
            Assert.Equal(("b@example.com", "multipart/alternative"), (read.To.Mailboxes.Single().Address, read.Body?.ContentType.MimeType));
            Assert.Contains("verify-email?token=t", read.TextBody);
            Assert.Contains("verify-email?token=t", read.HtmlBody);
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    [Fact]
    public void Options_BadSender_OrUserWithoutPassword_FailValidation()
    {
        var result = new EmailOptionsValidation().Validate(null, new EmailOptions
        {
            Smtp = new SmtpOptions { Host = "smtp.example.com", From = "not an address", Username = "me" },
        });

        Assert.True(result.Failed);
        Assert.Contains("Email:Smtp:From", result.FailureMessage);
        Assert.Contains("Email:Smtp:Password", result.FailureMessage);
    }
}
