namespace PowerAutomation.Gateway.WebApp;

/// <summary>Where the built browser app is (section <c>WebApp</c>).</summary>
public sealed class WebAppOptions
{
    public const string Section = "WebApp";

    /// <summary>
    /// The folder holding the built app (<c>index.html</c> and <c>assets/</c>). Empty (the default) looks for
    /// <c>web/dist</c> in the repository the gateway was built from, which is what <c>./pa up</c> builds.
    /// </summary>
    public string RootPath { get; set; } = "";

    /// <summary>Resolves the folder to serve, or null when the app has not been built.</summary>
    public string? ResolveRoot(string contentRoot)
    {
        if (!string.IsNullOrWhiteSpace(RootPath))
        {
            return Path.GetFullPath(RootPath, contentRoot);
        }

        for (var dir = new DirectoryInfo(contentRoot); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PowerAutomation.sln")))
            {
                return Path.Combine(dir.FullName, "web", "dist");
            }
        }

        return null;
    }
}
