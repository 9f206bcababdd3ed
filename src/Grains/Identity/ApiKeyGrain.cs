using PowerAutomation.Grains.Abstractions;
using PowerAutomation.Grains.Abstractions.Identity;

namespace PowerAutomation.Grains.Identity;

public sealed class ApiKeyGrain(
    [PersistentState("apiKey", StorageNames.Grains)] IPersistentState<ApiKeyState> state,
    TimeProvider time) : Grain, IApiKeyGrain
{
    public async Task Create(ApiKeyRecord record)
    {
        state.State.Record = record;
        await state.WriteStateAsync();
    }

    public Task<Guid?> Authenticate(string secret)
    {
        var record = state.State.Record;
        var live = record is not null
            && (record.ExpiresAt is null || record.ExpiresAt > time.GetUtcNow())
            && SecretHasher.Matches(secret, record.SecretHash);
        return Task.FromResult(live ? record!.UserId : (Guid?)null);
    }

    public async Task Revoke()
    {
        if (state.RecordExists)
        {
            await state.ClearStateAsync();
        }
    }
}

[GenerateSerializer, Alias("pa.ApiKeyState")]
public sealed class ApiKeyState
{
    [Id(0)] public ApiKeyRecord? Record { get; set; }
}
