using Microsoft.Extensions.Options;

namespace Cocoa.Samples.HealthCenter.Api;

/// <summary>Counts failed verifications per caller in a sliding window; a caller over the limit gets 429 until old
/// failures leave the window.</summary>
public sealed class VerificationRateLimiter(IOptions<HealthCenterOptions> options, TimeProvider time)
{
    private const int MaxCallers = 10_000;
    private readonly Dictionary<string, Queue<DateTimeOffset>> _failures = new(StringComparer.Ordinal);
    private readonly int _limit = options.Value.VerificationFailureLimit;
    private readonly TimeSpan _window = options.Value.VerificationFailureWindow;

    /// <summary>Returns how long <paramref name="caller"/> must wait, or null when it may try.</summary>
    public TimeSpan? RetryAfter(string caller)
    {
        DateTimeOffset now = time.GetUtcNow();
        lock (_failures)
        {
            if (!_failures.TryGetValue(caller, out Queue<DateTimeOffset>? queue))
            {
                return null;
            }

            Prune(queue, now);
            if (queue.Count < _limit)
            {
                return null;
            }

            return queue.Peek() + _window - now;
        }
    }

    /// <summary>Records one failed attempt.</summary>
    public void RecordFailure(string caller)
    {
        DateTimeOffset now = time.GetUtcNow();
        lock (_failures)
        {
            if (!_failures.TryGetValue(caller, out Queue<DateTimeOffset>? queue))
            {
                if (_failures.Count >= MaxCallers)
                {
                    foreach (string key in _failures.Where(p => { Prune(p.Value, now); return p.Value.Count == 0; }).Select(p => p.Key).ToList())
                    {
                        _failures.Remove(key);
                    }
                }

                queue = new Queue<DateTimeOffset>();
                _failures[caller] = queue;
            }

            queue.Enqueue(now);
            while (queue.Count > _limit)
            {
                queue.Dequeue();
            }
        }
    }

    private void Prune(Queue<DateTimeOffset> queue, DateTimeOffset now)
    {
        while (queue.Count > 0 && queue.Peek() + _window <= now)
        {
            queue.Dequeue();
        }
    }
}
