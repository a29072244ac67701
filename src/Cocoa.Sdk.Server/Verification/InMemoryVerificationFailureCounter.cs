namespace Cocoa.Sdk.Verification;

/// <summary>
/// An <see cref="IVerificationFailureCounter"/> in process memory: per bucket, the times of at most <c>limit</c> recent
/// failures. Memory is bounded: beyond <see cref="MaxBuckets"/> buckets, empty ones are dropped, then the oldest.
/// </summary>
/// <threadsafety>Thread-safe.</threadsafety>
public sealed class InMemoryVerificationFailureCounter : IVerificationFailureCounter
{
    /// <summary>The most buckets kept at once.</summary>
    public const int MaxBuckets = 100_000;

    private readonly Dictionary<string, Queue<DateTimeOffset>> _buckets = new(StringComparer.Ordinal);
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates a counter.</summary>
    /// <param name="timeProvider">The clock.</param>
    public InMemoryVerificationFailureCounter(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _timeProvider = timeProvider;
    }

    /// <inheritdoc/>
    public ValueTask<TimeSpan?> GetRetryAfterAsync(string bucket, int limit, TimeSpan window, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bucket);
        DateTimeOffset now = _timeProvider.GetUtcNow();
        lock (_buckets)
        {
            if (!_buckets.TryGetValue(bucket, out Queue<DateTimeOffset>? failures))
            {
                return ValueTask.FromResult<TimeSpan?>(null);
            }

            // Counting only what is inside the window needs no pruning (this method changes nothing).
            int inside = failures.Count(at => at + window > now);
            if (inside < limit)
            {
                return ValueTask.FromResult<TimeSpan?>(null);
            }

            DateTimeOffset oldestCounted = failures.Where(at => at + window > now).Skip(inside - limit).First();
            return ValueTask.FromResult<TimeSpan?>(oldestCounted + window - now);
        }
    }

    /// <inheritdoc/>
    public ValueTask RecordFailureAsync(string bucket, int limit, TimeSpan window, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bucket);
        DateTimeOffset now = _timeProvider.GetUtcNow();
        lock (_buckets)
        {
            if (!_buckets.TryGetValue(bucket, out Queue<DateTimeOffset>? failures))
            {
                if (_buckets.Count >= MaxBuckets)
                {
                    Evict(now, window);
                }

                failures = new Queue<DateTimeOffset>();
                _buckets[bucket] = failures;
            }

            Prune(failures, now, window);
            failures.Enqueue(now);
            while (failures.Count > Math.Max(limit, 1))
            {
                failures.Dequeue();
            }
        }

        return ValueTask.CompletedTask;
    }

    private static void Prune(Queue<DateTimeOffset> failures, DateTimeOffset now, TimeSpan window)
    {
        while (failures.Count > 0 && failures.Peek() + window <= now)
        {
            failures.Dequeue();
        }
    }

    private void Evict(DateTimeOffset now, TimeSpan window)
    {
        foreach (KeyValuePair<string, Queue<DateTimeOffset>> pair in _buckets.ToList())
        {
            Prune(pair.Value, now, window);
            if (pair.Value.Count == 0)
            {
                _buckets.Remove(pair.Key);
            }
        }

        // Still full: drop the buckets whose latest failure is oldest. Eviction only ever forgets failures, never blocks anyone.
        if (_buckets.Count >= MaxBuckets)
        {
            foreach (string key in _buckets.OrderBy(p => p.Value.Last()).Take(_buckets.Count - (MaxBuckets * 9 / 10)).Select(p => p.Key).ToList())
            {
                _buckets.Remove(key);
            }
        }
    }
}
