using System.Text.Json;
using Orleans.Concurrency;
using PowerAutomation.Grains.Abstractions.Licensing;

namespace PowerAutomation.Grains.Licensing;

[StatelessWorker]
public sealed class LicenseKeysGrain(ILicenseSigner signer) : Grain, ILicenseKeysGrain
{
    public Task<string> GetJwks() => Task.FromResult(JsonSerializer.Serialize(signer.PublicKeys.ToJwks()));
}
