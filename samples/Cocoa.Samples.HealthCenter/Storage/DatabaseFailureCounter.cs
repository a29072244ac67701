using System.Security.Cryptography;
using System.Text;
using Cocoa.Sdk.Verification;

namespace Cocoa.Samples.HealthCenter.Storage;

/// <summary>
/// Failure budgets (verification per client and per number, operator sign-ins per address) in the health center's
/// database, so they hold across restarts and across instances that share one PostgreSQL database.
/// </summary>
/// <remarks>Bucket names are stored as HMAC-SHA256 under a key derived from the number-hash secret: the table holds
/// neither numbers nor addresses, and instances sharing <c>--number-hash-key</c> share the buckets.</remarks>
public sealed class DatabaseFailureCounter : IVerificationFailureCounter
{
    private readonly IHealthCenterStore _store;
    private readonly TimeProvider _time;
    private readonly TimeSpan _longestWindow;
    private readonly byte[] _bucketKey;

    /// <summary>Creates the counter.</summary>
    /// <param name="store">The database.</param>
    /// <param name="time">The clock.</param>
    /// <param name="numberHashKey">The number-hash secret; a separate key for bucket names is derived from it.</param>
    /// <param name="longestWindow">The longest window in use: older failures of any bucket are deleted.</param>
    public DatabaseFailureCounter(IHealthCenterStore store, TimeProvider time, ReadOnlySpan<byte> numberHashKey, TimeSpan longestWindow)
    {
        _store = store;
        _time = time;
        _longestWindow = longestWindow;
        _bucketKey = HMACSHA256.HashData(numberHashKey, "cocoa-healthcenter-failure-buckets"u8);
    }

    /// <inheritdoc/>
    public async ValueTask<TimeSpan?> GetRetryAfterAsync(string bucket, int limit, TimeSpan window, CancellationToken cancellationToken = default)
    {
        DateTimeOffset now = _time.GetUtcNow();
        (int count, DateTimeOffset? oldest) = await _store.GetFailuresAsync(Name(bucket), now - window, limit, cancellationToken);
        return count < limit || oldest is null ? null : oldest.Value + window - now;
    }

    /// <inheritdoc/>
    public async ValueTask RecordFailureAsync(string bucket, int limit, TimeSpan window, CancellationToken cancellationToken = default)
    {
        DateTimeOffset now = _time.GetUtcNow();
        await _store.RecordFailureAsync(Name(bucket), now, now - window, now - Max(window, _longestWindow), cancellationToken);
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private string Name(string bucket) => Convert.ToBase64String(HMACSHA256.HashData(_bucketKey, Encoding.UTF8.GetBytes(bucket)));
}
