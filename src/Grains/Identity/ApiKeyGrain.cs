using Microsoft.Extensions.Logging;
using PowerAutomation.Grains.Abstractions;
using PowerAutomation.Grains.Abstractions.Identity;

namespace PowerAutomation.Grains.Identity;

/// <summary>
/// One API key: owner, secret hash and grant. The last use is kept in memory on every authentication and written
/// at most once per <see cref="LastUseWriteInterval"/> (by a one-shot timer, so no authentication waits for
/// storage) and when the grain deactivates; a silo lost in between loses at most that interval of it.
/// </summary>
public sealed partial class ApiKeyGrain(
    [PersistentState("apiKey", StorageNames.Grains)] IPersistentState<ApiKeyState> state,
    TimeProvider time,
    ILogger<ApiKeyGrain> logger) : Grain, IApiKeyGrain
{
    public static readonly TimeSpan LastUseWriteInterval = TimeSpan.FromMinutes(1);

    private DateTimeOffset? _lastUsedAt;
    private bool _lastUseUnwritten;
    private DateTimeOffset? _lastUseWrittenAt;
    private IGrainTimer? _lastUseWrite;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _lastUsedAt = state.State.LastUsedAt;
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        await WriteDueLastUseAsync(cancellationToken);
    }

    public async Task Create(ApiKeyRecord record)
    {
        state.State.Record = record;
        await state.WriteStateAsync();
    }

    public async Task<Guid?> Authenticate(string secret) => (await Identify(secret))?.UserId;

    public Task<ApiKeyIdentity?> Identify(string secret)
    {
        var record = state.State.Record;
        var now = time.GetUtcNow();
        if (record is null || record.ExpiresAt <= now || !SecretHasher.Matches(secret, record.SecretHash))
        {
            return Task.FromResult<ApiKeyIdentity?>(null);
        }

        NoteUse(now);
        return Task.FromResult<ApiKeyIdentity?>(new ApiKeyIdentity(record.UserId, record.EffectiveGrant));
    }

    public Task<ApiKeyDetails?> Describe()
    {
        var record = state.State.Record;
        return Task.FromResult(record is null
            ? null
            : new ApiKeyDetails(this.GetPrimaryKeyString(), record.Name, record.CreatedAt, record.ExpiresAt, _lastUsedAt, record.EffectiveGrant));
    }

    public async Task Revoke()
    {
        _lastUseWrite?.Dispose();
        _lastUseWrite = null;
        _lastUsedAt = null;
        _lastUseUnwritten = false;
        if (state.RecordExists)
        {
            await state.ClearStateAsync();
        }

        DeactivateOnIdle();
    }

    private void NoteUse(DateTimeOffset now)
    {
        _lastUsedAt = now;
        _lastUseUnwritten = true;
        if (_lastUseWrite is not null)
        {
            return;
        }

        var due = _lastUseWrittenAt is { } written ? written + LastUseWriteInterval - now : TimeSpan.Zero;
        _lastUseWrite = this.RegisterGrainTimer(WriteDueLastUseAsync,
            new GrainTimerCreationOptions(due > TimeSpan.Zero ? due : TimeSpan.Zero, Timeout.InfiniteTimeSpan));
    }

    private async Task WriteDueLastUseAsync(CancellationToken cancellationToken)
    {
        try
        {
            await WriteLastUseAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Only the last-use time is at stake: the next use or the deactivation tries again.
            LastUseWriteFailed(logger, exception, this.GetPrimaryKeyString());
        }
        finally
        {
            // Disposed only now: disposing a timer cancels the token its running callback was given.
            _lastUseWrite?.Dispose();
            _lastUseWrite = null;
        }
    }

    private async Task WriteLastUseAsync(CancellationToken cancellationToken)
    {
        if (state.State.Record is null || !_lastUseUnwritten)
        {
            return;
        }

        state.State.LastUsedAt = _lastUsedAt;
        _lastUseWrittenAt = time.GetUtcNow();
        _lastUseUnwritten = false;
        try
        {
            await state.WriteStateAsync(cancellationToken);
        }
        catch
        {
            _lastUseUnwritten = true;
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing the last use of API key {KeyId} failed; it is written with a later use")]
    private static partial void LastUseWriteFailed(ILogger logger, Exception exception, string keyId);
}
