using System.Security.Cryptography;
using System.Text;
using Cocoa.Sdk.Verification;

namespace Cocoa.Samples.HealthCenter.Storage;

/// <summary>
/// Failure budgets (verification per client and per number, operator sign-ins per address) whose bucket names are
/// stored as HMAC-SHA256 under a key derived from the number-hash secret: the counter's table (the library's
/// <see cref="SqlVerificationFailureCounter"/> in the health center's database) holds neither numbers nor addresses,
/// and instances sharing <c>--number-hash-key</c> and the database share the buckets.
/// </summary>
public sealed class HashedBucketFailureCounter : IVerificationFailureCounter
{
    private readonly IVerificationFailureCounter _inner;
    private readonly byte[] _bucketKey;

    /// <summary>Creates the counter.</summary>
    /// <param name="inner">The counter that stores the budgets.</param>
    /// <param name="numberHashKey">The number-hash secret; a separate key for bucket names is derived from it.</param>
    public HashedBucketFailureCounter(IVerificationFailureCounter inner, ReadOnlySpan<byte> numberHashKey)
    {
        ArgumentNullException.ThrowIfNull(inner);
        _inner = inner;
        _bucketKey = HMACSHA256.HashData(numberHashKey, "cocoa-healthcenter-failure-buckets"u8);
    }

    /// <inheritdoc/>
    public ValueTask<TimeSpan?> GetRetryAfterAsync(string bucket, int limit, TimeSpan window, CancellationToken cancellationToken = default) =>
        _inner.GetRetryAfterAsync(Name(bucket), limit, window, cancellationToken);

    /// <inheritdoc/>
    public ValueTask RecordFailureAsync(string bucket, int limit, TimeSpan window, CancellationToken cancellationToken = default) =>
        _inner.RecordFailureAsync(Name(bucket), limit, window, cancellationToken);

    private string Name(string bucket) => Convert.ToBase64String(HMACSHA256.HashData(_bucketKey, Encoding.UTF8.GetBytes(bucket)));
}
