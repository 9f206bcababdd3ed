namespace PowerAutomation.Grains.Abstractions.Workflows.Secrets;

/// <summary>
/// One user's workflow secrets (key: user id), kept sealed with AES-256-GCM under <c>Workflows:SecretsKey</c>.
/// Values leave only through <see cref="Reveal"/>, which the <c>http.request</c> step calls at send time.
/// </summary>
[Alias("pa.IWorkflowSecretsGrain")]
public interface IWorkflowSecretsGrain : IGrainWithGuidKey
{
    /// <summary>Creates or replaces a secret; null when written, else a <see cref="SecretErrors"/> code (nothing changed).</summary>
    [Alias("Put")]
    Task<string?> Put(string name, string value);

    /// <summary>Removes a secret; false when there was none of that name.</summary>
    [Alias("Delete")]
    Task<bool> Delete(string name);

    /// <summary>The names, in ordinal order; never the values.</summary>
    [Alias("List")]
    Task<IReadOnlyList<SecretListItem>> List();

    /// <summary>The values of <paramref name="names"/> for a step about to send them (silo side only; no endpoint calls it).</summary>
    [Alias("Reveal")]
    Task<RevealedSecrets> Reveal(IReadOnlyList<string> names);
}
