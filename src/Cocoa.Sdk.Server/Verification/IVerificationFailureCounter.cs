namespace Cocoa.Sdk.Verification;

/// <summary>
/// Counts failed processing-number verifications per bucket (an end client, a number) in a sliding window, so that guessing
/// is limited where it happens and never through one global budget that an attacker could exhaust for everyone.
/// </summary>
/// <remarks>
/// Implementations keep only opaque bucket names (keyed hashes chosen by the caller), never addresses or numbers. The
/// in-process <see cref="InMemoryVerificationFailureCounter"/> is the default; an implementation over a shared database lets
/// several server instances enforce one limit.
/// </remarks>
public interface IVerificationFailureCounter
{
    /// <summary>Gets how long <paramref name="bucket"/> must wait because it has <paramref name="limit"/> failures within
    /// <paramref name="window"/>, or <see langword="null"/> when it may try. Changes no count.</summary>
    /// <param name="bucket">The bucket name.</param>
    /// <param name="limit">Failures allowed within the window.</param>
    /// <param name="window">The sliding window.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The time until the oldest counted failure leaves the window, or <see langword="null"/>.</returns>
    ValueTask<TimeSpan?> GetRetryAfterAsync(string bucket, int limit, TimeSpan window, CancellationToken cancellationToken = default);

    /// <summary>Records one failure of <paramref name="bucket"/> now.</summary>
    /// <param name="bucket">The bucket name.</param>
    /// <param name="limit">Failures allowed within the window (older entries beyond it need not be kept).</param>
    /// <param name="window">The sliding window.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the failure is recorded.</returns>
    ValueTask RecordFailureAsync(string bucket, int limit, TimeSpan window, CancellationToken cancellationToken = default);
}
