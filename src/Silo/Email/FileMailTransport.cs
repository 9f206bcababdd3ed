using Microsoft.Extensions.Options;
using MimeKit;
using PowerAutomation.ServiceDefaults.Security;

namespace PowerAutomation.Silo.Email;

/// <summary>
/// Without an SMTP host, each message becomes an <c>.eml</c> file (0600: it holds a sign-in link) named by time, so
/// <c>./pa mail</c> lists them newest first. Written aside and renamed, so a reader never sees half a message.
/// </summary>
public sealed class FileMailTransport(IOptions<EmailOptions> options) : IMailTransport
{
    public string Directory => options.Value.MailDirectory is { Length: > 0 } configured
        ? Path.GetFullPath(configured)
        : Path.Combine(EcKeyFile.HomeDirectory(), "mail");

    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        var directory = System.IO.Directory.CreateDirectory(Directory).FullName;
        var name = $"{message.Date.UtcDateTime:yyyyMMdd'T'HHmmssfff}-{Guid.NewGuid():N}.eml";
        var temporary = Path.Combine(directory, "." + name + ".tmp");
        var fileOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using (var stream = new FileStream(temporary, fileOptions))
        {
            await message.WriteToAsync(stream, cancellationToken);
        }

        File.Move(temporary, Path.Combine(directory, name));
    }
}
