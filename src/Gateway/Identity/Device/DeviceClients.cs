namespace PowerAutomation.Gateway.Identity.Device;

/// <summary>Client ids of this product's own device-flow clients (the silo's <c>Accounts:Device:ClientIds</c> decides).</summary>
public static class DeviceClients
{
    /// <summary>The client id assumed when a request names none: the <c>pa</c> command line.</summary>
    public const string Default = "pa-cli";
}
