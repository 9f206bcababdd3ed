using PowerAutomation.Grains.Abstractions.Licensing;

namespace PowerAutomation.Grains.Licensing;

/// <summary>Signs licence keys and activation certificates with the active key; publishes all public keys.</summary>
public interface ILicenseSigner
{
    string ActiveKeyId { get; }

    LicenseKeySet PublicKeys { get; }

    string Sign<T>(string prefix, T claims);
}
