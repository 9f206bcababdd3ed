namespace PowerAutomation.Gateway.Hosting;

/// <summary>Browser clients on other sites (section <c>Gateway:Cors</c>); none are allowed by default.</summary>
public sealed class GatewayCorsOptions
{
    public const string Section = "Gateway:Cors";

    /// <summary>Origins allowed to call the API from a browser: absolute http(s) origins, no path (<c>https://app.example.com</c>).</summary>
    public List<string> Origins { get; set; } = [];
}
