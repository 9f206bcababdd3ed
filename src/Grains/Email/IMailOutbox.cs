namespace PowerAutomation.Grains.Email;

/// <summary>
/// The durable queue of mail to send. <see cref="EnqueueAsync"/> returns once the message is stored, so an
/// acknowledged request never loses its mail; sending happens later, in the background, with retries.
/// </summary>
public interface IMailOutbox
{
    Task EnqueueAsync(OutgoingMail mail, CancellationToken cancellationToken = default);

    /// <summary>The same write as <see cref="EnqueueAsync"/>, rolled back: what a decoy does to cost the same.</summary>
    Task RehearseAsync(OutgoingMail mail, CancellationToken cancellationToken = default);
}
