namespace PowerAutomation.Ai.Chat;

/// <summary><c>data:</c> URLs carry inline images in OpenAI's format; the others carry media type and data apart.</summary>
public static class DataUrl
{
    public static ImagePart ToImage(string url)
    {
        if (url.StartsWith("data:", StringComparison.Ordinal) && url.IndexOf(";base64,", StringComparison.Ordinal) is var comma and > 5)
        {
            return new ImagePart(url[5..comma], url[(comma + 8)..], null);
        }

        return new ImagePart(null, null, url);
    }
}
